using Microsoft.Extensions.Options;

namespace Orleans.Multipart.Client;

/// <summary>Refuses to start a client without its credential: every call it made would be refused by the silos.</summary>
internal sealed class MultipartClientOptionsValidator : IValidateOptions<MultipartClientOptions>
{
    public ValidateOptionsResult Validate(string? name, MultipartClientOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.AccessKeyId))
        {
            failures.Add($"{MultipartClientOptions.Section}:AccessKeyId is required: the access key of the service account this client acts as.");
        }
        else if (options.AccessKeyId.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            failures.Add($"{MultipartClientOptions.Section}:AccessKeyId contains white space or control characters.");
        }

        if (string.IsNullOrEmpty(options.SecretKey))
        {
            failures.Add($"{MultipartClientOptions.Section}:SecretKey is required (from a Secret: MultipartClient__SecretKey).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
