namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>Runs a dialect options class's own checks (<see cref="IDialectOptions.Problems"/>) at start.</summary>
internal sealed class DialectOptionsValidator<TOptions> : IValidateOptions<TOptions>
    where TOptions : class, IDialectOptions
{
    public ValidateOptionsResult Validate(string? name, TOptions options) =>
        options.Problems().ToList() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
}
