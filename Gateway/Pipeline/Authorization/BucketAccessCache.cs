using System.Collections.Concurrent;
using System.Diagnostics;

namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>
/// Each bucket's owner, ACL and policy (<see cref="IBucketGrain.GetAccess"/>) as this process last read
/// them, kept for at most <see cref="Ttl"/>: authorizing a request on a bucket read within the last second
/// costs no grain call. A change made through this gateway is seen at once (<see cref="Forget"/>); one made
/// through another gateway within <see cref="Ttl"/>, as issue 22's design allows. A bucket that does not
/// exist is not remembered, so a bucket created a moment ago is never taken for a missing one.
/// </summary>
internal sealed class BucketAccessCache(ObjectFrontend frontend)
{
    /// <summary>How long an answer is used: S3's own ACL and policy changes take effect within seconds.</summary>
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(1);

    /// <summary>Bounds the memory of a gateway that sees many bucket names: the cache is emptied at this many.</summary>
    private const int MaxBuckets = 4096;

    private static readonly long TtlTicks = (long)(Ttl.TotalSeconds * Stopwatch.Frequency);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>The bucket's access settings, or null when it does not exist (the operation answers NoSuchBucket as it would have).</summary>
    public ValueTask<BucketAccess?> GetAsync(string bucket)
    {
        if (_entries.TryGetValue(bucket, out var entry) && Stopwatch.GetTimestamp() - entry.ReadAt < TtlTicks)
        {
            return new ValueTask<BucketAccess?>(entry.Access);
        }

        return ReadAsync(bucket);
    }

    /// <summary>Drops what is kept of <paramref name="bucket"/> (after this gateway changed its owner, ACL or policy, or deleted it).</summary>
    public void Forget(string bucket) => _entries.TryRemove(bucket, out _);

    private async ValueTask<BucketAccess?> ReadAsync(string bucket)
    {
        var readAt = Stopwatch.GetTimestamp();
        var access = await frontend.Bucket(bucket).GetAccess();
        if (access is null)
        {
            _entries.TryRemove(bucket, out _);
            return null;
        }

        if (_entries.Count >= MaxBuckets)
        {
            _entries.Clear();
        }

        _entries[bucket] = new Entry(access, readAt);
        return access;
    }

    private sealed record Entry(BucketAccess Access, long ReadAt);
}
