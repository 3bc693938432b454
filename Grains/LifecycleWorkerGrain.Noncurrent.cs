using Microsoft.Extensions.Logging;
using Orleans.Multipart.Grains.Storage;

namespace Orleans.Multipart.Grains;

/// <summary>
/// The sweep's pass over versions (issue 23, branch lc23b): NoncurrentVersionExpiration (NoncurrentDays, counted from when
/// a version stopped being current, and NewerNoncurrentVersions, the newest noncurrent versions kept whatever their age),
/// and delete markers that are their key's only version (ExpiredObjectDeleteMarker, or an Expiration of Days). It reads
/// the bucket's versions in keyset batches and deletes each through a guarded store call that re-checks, under the key's
/// guard, that the version is still noncurrent (or the marker still alone): a version a concurrent delete has made
/// current again is never expired. A bucket that was never versioned has no versions, so the pass reads nothing.
/// </summary>
internal sealed partial class LifecycleWorkerGrain
{
    /// <summary>Expires the noncurrent versions and lone delete markers the rules name; how many went.</summary>
    private async Task<int> ExpireVersionsAsync(LifecycleConfiguration rules, DateTimeOffset now, TimeSpan day)
    {
        if (!rules.ActsOnVersions)
        {
            return 0;
        }

        var expired = 0;
        (string, long)? after = null;
        while (true)
        {
            var batch = await store.ListBucketNoncurrentVersionsAsync(Bucket, after, BatchSize);
            var due = batch.Where(v => IsDue(rules, v, now, day)).ToList();
            var done = await CountAsync(due, v => store.ExpireVersionAsync(Bucket, v.Key, v.VersionId, loneMarker: v.NoncurrentSince is null));
            expired += done;
            if (done > 0)
            {
                LogVersions.Expired(logger, Bucket, done);
            }

            if (batch.Count < BatchSize)
            {
                return expired;
            }

            after = (batch[^1].Key, batch[^1].Position);
            this.DelayDeactivation(TimeSpan.FromMinutes(5));
        }
    }

    private static bool IsDue(LifecycleConfiguration rules, NoncurrentVersionCandidate v, DateTimeOffset now, TimeSpan day) =>
        v.NoncurrentSince is { } since
            ? rules.NoncurrentExpiry(v.Key, v.Size, v.Tags, since, v.NewerNoncurrent, day) is { } expiry && expiry.At <= now
            : v.IsDeleteMarker && v.OnlyVersion && rules.DeleteMarkerExpiry(v.Key, v.Written, day) is { } removal && removal.At <= now;

    private static partial class LogVersions
    {
        [LoggerMessage(3021, LogLevel.Debug, "Lifecycle of bucket {Bucket}: expired {Versions} noncurrent versions or lone delete markers in one batch.")]
        public static partial void Expired(ILogger logger, string bucket, int versions);
    }
}
