using Microsoft.Extensions.Options;

namespace Orleans.Multipart.Hosting;

/// <summary>Refuses, at start, a <c>Shutdown</c> section under which a stop could not drain (a negative delay, no time to stop in).</summary>
internal sealed class ShutdownOptionsValidator : IValidateOptions<ShutdownOptions>
{
    public ValidateOptionsResult Validate(string? name, ShutdownOptions options)
    {
        var failures = new List<string>();
        if (options.DrainDelay < TimeSpan.Zero)
        {
            failures.Add("Shutdown:DrainDelay must not be negative.");
        }

        if (options.Timeout <= TimeSpan.Zero)
        {
            failures.Add("Shutdown:Timeout must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
