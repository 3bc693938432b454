using System.Collections.Concurrent;

namespace Orleans.Multipart.Silo.Hosting;

/// <summary>
/// The buckets' owners, ACLs and policies (<see cref="IBucketGrain.GetAccess"/>) as this silo last read
/// them, each for at most <see cref="Ttl"/>: deciding an internal client's call costs a dictionary lookup,
/// and a changed ACL or policy applies within a second.
/// </summary>
internal sealed class SiloBucketAccessCache(IGrainFactory grains)
{
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, Entry> _buckets = new(StringComparer.Ordinal);

    /// <summary>The bucket's access, or null when it does not exist. <paramref name="self"/> is the bucket's grain when the call is to it.</summary>
    public ValueTask<BucketAccess?> GetAsync(string bucket, IBucketGrain? self)
    {
        if (_buckets.TryGetValue(bucket, out var entry) && Environment.TickCount64 < entry.ExpiresAt)
        {
            return ValueTask.FromResult(entry.Access);
        }

        return LoadAsync(bucket, self);
    }

    private async ValueTask<BucketAccess?> LoadAsync(string bucket, IBucketGrain? self)
    {
        // A call to the bucket grain itself asks the activation directly: the filter runs in its turn, and a
        // message to itself would queue behind that turn.
        var access = self is not null ? await self.GetAccess() : await grains.GetGrain<IBucketGrain>(bucket).GetAccess();
        if (_buckets.Count > 100_000)
        {
            _buckets.Clear();
        }

        _buckets[bucket] = new Entry(access, Environment.TickCount64 + (long)Ttl.TotalMilliseconds);
        return access;
    }

    private sealed record Entry(BucketAccess? Access, long ExpiresAt);
}
