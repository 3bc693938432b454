using Microsoft.Extensions.Options;

namespace Orleans.Multipart.Silo.Hosting;

/// <summary>Refuses, at start, a dashboard that could not be reached: a path that is not absolute, a port outside 1-65535, no user name.</summary>
internal sealed class DashboardAccessOptionsValidator : IValidateOptions<DashboardAccessOptions>
{
    public ValidateOptionsResult Validate(string? name, DashboardAccessOptions options)
    {
        var failures = new List<string>();
        if (!options.Path.StartsWith('/'))
        {
            failures.Add("Dashboard:Path must start with '/'.");
        }

        if (options.Port is < 1 or > 65535)
        {
            failures.Add("Dashboard:Port must be a TCP port (1-65535).");
        }

        if (options.Enabled && string.IsNullOrEmpty(options.UserName))
        {
            failures.Add("Dashboard:UserName must not be empty when Dashboard:Password is set.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
