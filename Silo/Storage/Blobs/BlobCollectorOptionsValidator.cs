using Microsoft.Extensions.Options;

namespace Orleans.Multipart.Silo.Storage.Blobs;

/// <summary>Refuses, at start, collector settings it could not work with.</summary>
internal sealed class BlobCollectorOptionsValidator : IValidateOptions<BlobCollectorOptions>
{
    /// <summary>Each batch in flight holds a database connection: more than this would take a pool's worth from requests.</summary>
    public const int MaxParallelBatches = 32;

    public const int MaxBatchSize = 10_000;

    public ValidateOptionsResult Validate(string? name, BlobCollectorOptions options)
    {
        var failures = new List<string>();
        if (options.ParallelBatches is < 1 or > MaxParallelBatches)
        {
            failures.Add($"Collector:ParallelBatches must be from 1 to {MaxParallelBatches}.");
        }

        if (options.BatchSize is < 1 or > MaxBatchSize)
        {
            failures.Add($"Collector:BatchSize must be from 1 to {MaxBatchSize}.");
        }

        if (options.Interval <= TimeSpan.Zero)
        {
            failures.Add("Collector:Interval must be positive.");
        }

        if (options.GarbageGracePeriod < TimeSpan.Zero)
        {
            failures.Add("Collector:GarbageGracePeriod must not be negative.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
