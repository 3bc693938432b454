using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Multipart.Grains.Storage;

namespace Orleans.Multipart.Grains.Access;

/// <summary>
/// One access key in memory (grain key: the access key id): read from the database once, answered from
/// memory after that, read again on <see cref="Refresh"/> (the account administration grain calls it after
/// every change of the key or its account). The configured root key answers from configuration alone.
/// Expiry is checked against the clock at every answer, so a cached key stops resolving at its expiry.
/// A copy older than <see cref="MaxAge"/> is read again, so that a refresh lost with a silo (a duplicate
/// activation during a membership change) is corrected within that time.
/// </summary>
internal sealed partial class AccessKeyGrain(IAccountStore store, IOptions<RootKeyOptions> root, TimeProvider time, ILogger<AccessKeyGrain> logger) : Grain, IAccessKeyGrain
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);

    // The load in progress or done, shared by interleaved Resolve calls so that a burst reads the database once.
    private Task<StoredAccessKey?>? _load;
    private DateTimeOffset _loadedAt;

    private string AccessKeyId => this.GetPrimaryKeyString();

    public async Task<ResolvedAccessKey?> Resolve()
    {
        if (root.Value.Resolve(AccessKeyId) is { } configured)
        {
            return configured;
        }

        if (!AccessKeyIds.IsWellFormed(AccessKeyId))
        {
            return null;
        }

        // A failed read (the database did not answer) is not kept: the next call reads again.
        if (_load is null || _load.IsFaulted || time.GetUtcNow() - _loadedAt > MaxAge)
        {
            StartLoad();
        }

        var stored = await _load!;
        return Usable(stored, time.GetUtcNow());
    }

    public async Task Refresh()
    {
        if (root.Value.Resolve(AccessKeyId) is not null || !AccessKeyIds.IsWellFormed(AccessKeyId))
        {
            return;
        }

        StartLoad();
        await _load!;
    }

    /// <summary>What a stored key proves, or null when it may not be used now.</summary>
    private static ResolvedAccessKey? Usable(StoredAccessKey? stored, DateTimeOffset now) =>
        stored is { Key.State: AccessKeyState.Active, Account.State: AccountState.Active } && (stored.Key.Expires is not { } expires || expires > now)
            ? new ResolvedAccessKey(stored.SecretKey, new Principal(stored.Account.Id, stored.Key.AccessKeyId, stored.Account.IsAdmin), stored.Account.DisplayName, stored.Key.Expires)
            : null;

    private void StartLoad()
    {
        _loadedAt = time.GetUtcNow();
        _load = LoadAsync();
    }

    private async Task<StoredAccessKey?> LoadAsync()
    {
        try
        {
            return await store.FindKeyAsync(AccessKeyId);
        }
        catch (SealedSecretException)
        {
            // Fail closed: a secret that does not open under the master key verifies nothing.
            Log.SecretDoesNotOpen(logger, AccessKeyId);
            return null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(3101, LogLevel.Error, "The stored secret of access key {AccessKeyId} does not open under the configured master key (Auth:MasterKey / Auth:MasterKeyPath); the key is refused.")]
        public static partial void SecretDoesNotOpen(ILogger logger, string accessKeyId);
    }
}
