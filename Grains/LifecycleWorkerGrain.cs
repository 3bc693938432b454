using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Multipart.Grains.Storage;
using Orleans.Placement;

namespace Orleans.Multipart.Grains;

/// <summary>
/// Runs one bucket's lifecycle rules. The candidates come from the indexes of migration 0004 (a bucket's open uploads
/// by initiation time, its objects by modification time) in keyset batches, so a sweep reads the rows old enough to
/// act on, never the whole bucket. An upload is aborted and an object deleted through the same store calls as an
/// AbortMultipartUpload or a DELETE request, a batch at a time (<see cref="IMetadataStore.AbortOpenUploadsAsync"/>,
/// <see cref="IMetadataStore.ExpireUnversionedObjectsAsync"/>: one transaction per batch, only the uploads still open and
/// the objects still the ones the batch read: a newer write of the key is not expired with it); a versioned bucket's
/// objects go one by one through versioning's delete. Random placement spreads the buckets' workers over the silos, and the sweep runs
/// beside the grain's calls rather than inside one, so no request waits for it.
/// </summary>
[GrainType("lifecycle-worker")]
[RandomPlacement]
internal sealed partial class LifecycleWorkerGrain(
    IMetadataStore store,
    IOptions<MultipartOptions> options,
    TimeProvider time,
    MultipartMetrics metrics,
    ILogger<LifecycleWorkerGrain> logger) : Grain, ILifecycleWorkerGrain
{
    private const int BatchSize = 500;

    /// <summary>Store calls in flight at once within a batch: enough to hide a round trip, few enough to leave the database to requests.</summary>
    private const int Parallelism = 8;

    private Task<LifecycleSweepResult>? _running;

    private string Bucket => this.GetPrimaryKeyString();

    public Task Wake()
    {
        if (_running is not { IsCompleted: false })
        {
            _running = RunAsync(rethrow: false);
        }

        return Task.CompletedTask;
    }

    public async Task<LifecycleSweepResult> Sweep()
    {
        if (_running is { IsCompleted: false } running)
        {
            await running; // a woken sweep never throws: it logs
        }

        _running = RunAsync(rethrow: true);
        return await _running;
    }

    /// <summary>One sweep; a failure is logged, and thrown only to a caller that waits for it (<see cref="Sweep"/>).</summary>
    private async Task<LifecycleSweepResult> RunAsync(bool rethrow)
    {
        try
        {
            var rules = await GrainFactory.GetGrain<IBucketGrain>(Bucket).LifecycleForSweep();
            if (rules is null)
            {
                return new LifecycleSweepResult(0, 0);
            }

            var now = time.GetUtcNow();
            var day = options.Value.LifecycleDayLength;
            var aborted = await AbortUploadsAsync(rules, now, day);
            var expired = await ExpireObjectsAsync(rules, now, day);
            expired += await ExpireVersionsAsync(rules, now, day); // lc23b: noncurrent versions and lone delete markers (LifecycleWorkerGrain.Noncurrent.cs)
            if (aborted > 0 || expired > 0)
            {
                metrics.UploadsExpired(aborted);
                metrics.ObjectsExpired(expired);
                Log.Swept(logger, Bucket, aborted, expired);
            }

            return new LifecycleSweepResult(aborted, expired);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The next tick starts over; what this one did is committed batch by batch.
            Log.Failed(logger, ex, Bucket);
            if (rethrow)
            {
                throw;
            }

            return new LifecycleSweepResult(0, 0);
        }
    }

    private async Task<int> AbortUploadsAsync(LifecycleConfiguration rules, DateTimeOffset now, TimeSpan day)
    {
        var days = rules.Rules.Where(r => r.Enabled && r.AbortIncompleteUploadDays is not null).Select(r => r.AbortIncompleteUploadDays!.Value).ToList();
        if (days.Count == 0)
        {
            return 0;
        }

        // Nothing initiated after this is due under any rule; rounding to midnight may make some before it not due yet.
        var cutoff = now - day * days.Min();
        var aborted = 0;
        var reading = store.ListBucketUploadsInitiatedBeforeAsync(Bucket, cutoff, null, BatchSize);
        while (true)
        {
            var batch = await reading;
            var full = batch.Count == BatchSize;
            if (full)
            {
                // The next page is read while this one's transaction commits: the cursor does not depend on it.
                reading = store.ListBucketUploadsInitiatedBeforeAsync(Bucket, cutoff, (batch[^1].Initiated, batch[^1].UploadId), BatchSize);
            }

            var due = batch.Where(u => rules.UploadAbort(u.Key, u.Initiated, day) is { } at && at.At <= now).Select(u => u.UploadId).ToList();
            aborted += await store.AbortOpenUploadsAsync(Bucket, due);
            if (!full)
            {
                return aborted;
            }

            this.DelayDeactivation(TimeSpan.FromMinutes(5));
        }
    }

    private async Task<int> ExpireObjectsAsync(LifecycleConfiguration rules, DateTimeOffset now, TimeSpan day)
    {
        var enabled = rules.Rules.Where(r => r.Enabled && r.ExpiresObjects).ToList();
        if (enabled.Count == 0)
        {
            return 0;
        }

        // A date rule that has passed makes every matching object due, whatever its age.
        var cutoff = enabled.Any(r => r.ExpirationDate <= now)
            ? now
            : now - day * enabled.Where(r => r.ExpirationDays is not null).Select(r => r.ExpirationDays!.Value).DefaultIfEmpty(int.MaxValue / 2).Min();
        if (cutoff < DateTimeOffset.UnixEpoch)
        {
            return 0;
        }

        var expired = 0;
        var reading = store.ListBucketObjectsModifiedBeforeAsync(Bucket, cutoff, null, BatchSize);
        while (true)
        {
            var batch = await reading;
            var full = batch.Count == BatchSize;
            if (full)
            {
                reading = store.ListBucketObjectsModifiedBeforeAsync(Bucket, cutoff, (batch[^1].LastModified, batch[^1].Key), BatchSize);
            }

            var due = batch.Where(o => rules.ObjectExpiry(o.Key, o.Size, o.Settings.Tags, o.LastModified, day) is { } at && at.At <= now).ToList();

            // A bucket never versioned: one transaction for the batch. A versioned (or suspended) one: versioning's delete,
            // row by row, which leaves a delete marker and keeps the versions.
            expired += await store.ExpireUnversionedObjectsAsync(Bucket, due.Select(o => new ExpiringObject(o.Key, o.SourceId)).ToList())
                ?? await CountAsync(due, o => store.DeleteObjectAsync(o.Bucket, o.Key, onlySourceId: o.SourceId));
            if (!full)
            {
                return expired;
            }

            this.DelayDeactivation(TimeSpan.FromMinutes(5));
        }
    }

    /// <summary>Runs <paramref name="act"/> on every item, <see cref="Parallelism"/> at a time; how many answered true.</summary>
    private static async Task<int> CountAsync<T>(IReadOnlyList<T> items, Func<T, Task<bool>> act)
    {
        var done = 0;
        foreach (var chunk in items.Chunk(Parallelism))
        {
            done += (await Task.WhenAll(chunk.Select(act))).Count(x => x);
        }

        return done;
    }

    private static partial class Log
    {
        [LoggerMessage(3011, LogLevel.Information, "Lifecycle of bucket {Bucket}: aborted {Uploads} uploads and expired {Objects} objects.")]
        public static partial void Swept(ILogger logger, string bucket, int uploads, int objects);

        [LoggerMessage(3012, LogLevel.Warning, "Lifecycle sweep of bucket {Bucket} stopped; the next tick starts it again.")]
        public static partial void Failed(ILogger logger, Exception exception, string bucket);
    }
}
