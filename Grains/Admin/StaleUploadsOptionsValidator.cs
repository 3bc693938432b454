using Microsoft.Extensions.Options;

namespace Orleans.Multipart.Grains.Admin;

/// <summary>Refuses, at start, a refresh period, bucket count or threshold the gauges could not work with.</summary>
public sealed class StaleUploadsOptionsValidator : IValidateOptions<StaleUploadsOptions>
{
    public const int MaxTopBuckets = 1000;

    public ValidateOptionsResult Validate(string? name, StaleUploadsOptions options)
    {
        var failures = new List<string>();
        if (options.RefreshPeriod < TimeSpan.FromSeconds(1) || options.RefreshPeriod > TimeSpan.FromDays(1))
        {
            failures.Add("StaleUploads:RefreshPeriod must be from 00:00:01 to 1.00:00:00.");
        }

        if (options.TopBuckets is < 1 or > MaxTopBuckets)
        {
            failures.Add($"StaleUploads:TopBuckets must be from 1 to {MaxTopBuckets}.");
        }

        if (options.WarnAboveBytes < 0)
        {
            failures.Add("StaleUploads:WarnAboveBytes must be 0 (no warning) or a number of bytes.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
