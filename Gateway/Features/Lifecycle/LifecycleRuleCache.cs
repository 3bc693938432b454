using System.Collections.Concurrent;

namespace Orleans.Multipart.Gateway.Core;

/// <summary>
/// The buckets' lifecycle rules as this gateway last read them, kept <see cref="KeepFor"/>: the s3 dialect names the
/// rule that expires an object or aborts an upload on every PUT, GET, HEAD, CreateMultipartUpload and ListParts, and
/// one bucket-grain call each would cost those paths a message. This gateway forgets a bucket's entry when it changes
/// the rules itself; another gateway's change shows in its headers within <see cref="KeepFor"/>. The rules the sweep
/// applies are never these: it reads the bucket's own.
/// </summary>
internal sealed class LifecycleRuleCache(ObjectFrontend frontend)
{
    public static readonly TimeSpan KeepFor = TimeSpan.FromSeconds(5);

    private const int MaxKeptBuckets = 4096;
    private readonly ConcurrentDictionary<string, (LifecycleConfiguration? Rules, long ReadAt)> _rules = new(StringComparer.Ordinal);

    /// <summary>The bucket's rules (null: none), from this cache while fresh.</summary>
    public async ValueTask<LifecycleConfiguration?> GetAsync(string bucket)
    {
        var now = Environment.TickCount64;
        if (_rules.TryGetValue(bucket, out var kept) && now - kept.ReadAt < (long)KeepFor.TotalMilliseconds)
        {
            return kept.Rules;
        }

        if (_rules.Count >= MaxKeptBuckets)
        {
            _rules.Clear();
        }

        var rules = await frontend.Bucket(bucket).GetLifecycle();
        _rules[bucket] = (rules, now);
        return rules;
    }

    public void Forget(string bucket) => _rules.TryRemove(bucket, out _);
}
