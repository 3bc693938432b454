using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Orleans.Multipart.Gateway.Core;

/// <summary>
/// The access keys of the cluster's accounts, as their <see cref="IAccessKeyGrain"/>s answer them, kept in
/// this process for <see cref="AuthOptions.KeyCacheTtl"/> — unknown and unusable keys too, so that a flood
/// of bad keys costs one grain call per key and period. An answer is timed from when it was asked for, so
/// a key disabled while the question was under way is refused at most one period after the grain learned
/// it. A key in use is asked again once half its period has passed, in the background, so that a busy key
/// never waits for a grain call; only an unused key's first request does. The configured root key answers
/// from configuration, with no grain call, so it works while the cluster's accounts cannot be read.
/// </summary>
internal sealed partial class ClusterCredentialStore(IGrainFactory grains, IOptions<AuthOptions> options, TimeProvider time, ILogger<ClusterCredentialStore> logger) : ICredentialStore
{
    /// <summary>Beyond this many cached answers, expired ones are dropped (a flood of random keys must not grow the cache without bound).</summary>
    private const int PruneAbove = 10_000;

    private readonly ConfiguredCredentialStore _root = new(options);
    private readonly ILogger _logger = logger;
    private readonly ConcurrentDictionary<string, CachedKey> _keys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _loading = new(StringComparer.Ordinal);

    private TimeSpan Ttl => options.Value.KeyCacheTtl;

    public ResolvedAccessKey? Find(string accessKey)
    {
        if (_root.Find(accessKey) is { } root)
        {
            return root;
        }

        if (!_keys.TryGetValue(accessKey, out var cached))
        {
            throw new CredentialNotCachedException(accessKey);
        }

        var age = time.GetElapsedTime(cached.AskedAt);
        if (age >= Ttl)
        {
            throw new CredentialNotCachedException(accessKey);
        }

        if (age >= Ttl / 2)
        {
            RefreshAhead(accessKey);
        }

        // A key that expires while cached is refused from its expiry on, not a period later.
        return cached.Key is { Expires: { } expires } && expires <= time.GetUtcNow() ? null : cached.Key;
    }

    public async ValueTask LoadAsync(string accessKey, CancellationToken cancellationToken)
    {
        if (_root.Find(accessKey) is not null)
        {
            return;
        }

        await LoadSharedAsync(accessKey).WaitAsync(cancellationToken);
    }

    /// <summary>The load of <paramref name="accessKey"/> under way, or a new one: concurrent misses of one key share one grain call.</summary>
    private Task LoadSharedAsync(string accessKey)
    {
        var mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var shared = _loading.GetOrAdd(accessKey, mine.Task);
        if (shared == mine.Task)
        {
            _ = LoadAsync(accessKey, mine);
        }

        return shared;
    }

    private async Task LoadAsync(string accessKey, TaskCompletionSource done)
    {
        Exception? failure = null;
        try
        {
            var askedAt = time.GetTimestamp();
            var key = await grains.GetGrain<IAccessKeyGrain>(accessKey).Resolve();
            _keys[accessKey] = new CachedKey(key, askedAt);
            if (_keys.Count > PruneAbove)
            {
                Prune();
            }
        }
        catch (Exception ex)
        {
            failure = ex;
        }

        // Out of the table before the waiters go on, so that a later miss asks again.
        _loading.TryRemove(new KeyValuePair<string, Task>(accessKey, done.Task));
        if (failure is null)
        {
            done.SetResult();
        }
        else
        {
            done.SetException(failure);
        }
    }

    private void RefreshAhead(string accessKey)
    {
        if (_loading.ContainsKey(accessKey))
        {
            return;
        }

        // A failed refresh leaves the answer to expire: the next request then asks and meets the failure (503).
        _ = LoadSharedAsync(accessKey).ContinueWith(
            static (task, state) =>
            {
                var (self, key) = ((ClusterCredentialStore, string))state!;
                Log.RefreshFailed(self._logger, task.Exception!.GetBaseException().GetType().Name, key);
            },
            (this, accessKey),
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private void Prune()
    {
        foreach (var (key, cached) in _keys)
        {
            if (time.GetElapsedTime(cached.AskedAt) >= Ttl)
            {
                _keys.TryRemove(new KeyValuePair<string, CachedKey>(key, cached));
            }
        }
    }

    /// <summary>A grain's answer (null: no usable key) and when it was asked for (<see cref="TimeProvider.GetTimestamp"/>).</summary>
    private sealed record CachedKey(ResolvedAccessKey? Key, long AskedAt);

    private static partial class Log
    {
        [LoggerMessage(1101, LogLevel.Debug, "Refreshing access key {AccessKeyId} ahead of its expiry failed ({Failure}); the cached answer expires as usual.")]
        public static partial void RefreshFailed(ILogger logger, string failure, string accessKeyId);
    }
}
