using Microsoft.Extensions.Logging;
using Orleans.Multipart.Grains.Storage;

namespace Orleans.Multipart.Grains;

/// <summary>
/// The sweep's pass over versions (issue 23): NoncurrentVersionExpiration (NoncurrentDays, counted from when a version
/// stopped being current, and NewerNoncurrentVersions, the newest noncurrent versions kept whatever their age), and delete
/// markers that are their key's only version (ExpiredObjectDeleteMarker, or an Expiration of Days). Indexed and batched
/// (branch ver23c): it reads only the versions noncurrent for at least the shortest NoncurrentDays, and only the lone
/// markers old enough for the earliest marker rule, in keyset pages along 0005's index; each page's due versions go in one
/// guarded transaction that re-checks, under the keys' guards, that each is still as read. A bucket that was never
/// versioned has no versions, so the pass reads nothing.
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

        return await ExpireNoncurrentAsync(rules, now, day) + await RemoveLoneMarkersAsync(rules, now, day);
    }

    private async Task<int> ExpireNoncurrentAsync(LifecycleConfiguration rules, DateTimeOffset now, TimeSpan day)
    {
        var days = rules.Rules.Where(r => r.Enabled && r.NoncurrentDays is not null).Select(r => r.NoncurrentDays!.Value).ToList();
        if (days.Count == 0)
        {
            return 0;
        }

        // Nothing noncurrent since after this is due under any rule (a due time is at least the days after the start).
        var cutoff = now - day * days.Min();
        var expired = 0;
        (DateTimeOffset, string, long)? after = null;
        while (true)
        {
            var batch = await store.ListNoncurrentVersionsAsync(Bucket, cutoff, after, BatchSize);
            var due = batch
                .Where(v => rules.NoncurrentExpiry(v.Key, v.Size, v.Tags, v.NoncurrentSince!.Value, v.NewerNoncurrent, day) is { } expiry && expiry.At <= now)
                .Select(v => new ExpiringVersion(v.Key, v.VersionId, v.NoncurrentSince))
                .ToList();
            expired += await ExpireBatchAsync(due);
            if (batch.Count < BatchSize)
            {
                return expired;
            }

            after = (batch[^1].NoncurrentSince!.Value, batch[^1].Key, batch[^1].Position);
            this.DelayDeactivation(TimeSpan.FromMinutes(5));
        }
    }

    private async Task<int> RemoveLoneMarkersAsync(LifecycleConfiguration rules, DateTimeOffset now, TimeSpan day)
    {
        // ExpiredObjectDeleteMarker removes a lone marker at once; an Expiration of Days once that many days passed.
        var enabled = rules.Rules.Where(r => r.Enabled).ToList();
        var cutoff = enabled.Any(r => r.ExpiredObjectDeleteMarker == true)
            ? now
            : enabled.Where(r => r.ExpirationDays is not null).Select(r => (DateTimeOffset?)(now - day * r.ExpirationDays!.Value)).Max();
        if (cutoff is null || cutoff < DateTimeOffset.UnixEpoch)
        {
            return 0;
        }

        var removed = 0;
        (string, long)? after = null;
        while (true)
        {
            var batch = await store.ListLoneDeleteMarkersAsync(Bucket, cutoff.Value, after, BatchSize);
            var due = batch
                .Where(m => rules.DeleteMarkerExpiry(m.Key, m.Written, day) is { } removal && removal.At <= now)
                .Select(m => new ExpiringVersion(m.Key, m.VersionId, null))
                .ToList();
            removed += await ExpireBatchAsync(due);
            if (batch.Count < BatchSize)
            {
                return removed;
            }

            after = (batch[^1].Key, batch[^1].Position);
            this.DelayDeactivation(TimeSpan.FromMinutes(5));
        }
    }

    private async Task<int> ExpireBatchAsync(IReadOnlyList<ExpiringVersion> due)
    {
        var done = await store.ExpireVersionsAsync(Bucket, due);
        if (done > 0)
        {
            LogVersions.Expired(logger, Bucket, done);
        }

        return done;
    }

    private static partial class LogVersions
    {
        [LoggerMessage(3021, LogLevel.Debug, "Lifecycle of bucket {Bucket}: expired {Versions} noncurrent versions or lone delete markers in one batch.")]
        public static partial void Expired(ILogger logger, string bucket, int versions);
    }
}
