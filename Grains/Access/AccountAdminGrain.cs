using Microsoft.Extensions.Logging;
using Orleans.Multipart.Grains.Storage;

namespace Orleans.Multipart.Grains.Access;

/// <summary>
/// Accounts and keys for administrators (<see cref="IAccountAdminGrain"/>). Each change is written to the
/// database first (where its invariants are checked), then the affected <see cref="IAccessKeyGrain"/>s read
/// it again, so that gateways, which keep a key's answer for <c>Auth:KeyCacheTtl</c>, refuse a disabled,
/// rotated or deleted key within about that time.
/// </summary>
internal sealed partial class AccountAdminGrain(IAccountStore store, TimeProvider time, ILogger<AccountAdminGrain> logger) : Grain, IAccountAdminGrain
{
    private const int MaxDisplayNameLength = 256;

    public async Task<AccountInfo> CreateAccount(string accountId, string displayName, bool isAdmin)
    {
        RequireAdmin();
        ValidateAccountId(accountId);
        var name = string.IsNullOrWhiteSpace(displayName) ? accountId : displayName.Trim();
        if (name.Length > MaxDisplayNameLength || name.Any(char.IsControl))
        {
            throw Invalid($"A display name is at most {MaxDisplayNameLength} characters, none of them control characters.");
        }

        var account = new AccountInfo(accountId, name, AccountState.Active, isAdmin, Now());
        return await store.CreateAccountAsync(account) ? account : throw Invalid($"The account '{accountId}' already exists.");
    }

    public Task<AccountInfo?> GetAccount(string accountId)
    {
        RequireAdmin();
        ValidateAccountId(accountId);
        return store.GetAccountAsync(accountId);
    }

    public Task<IReadOnlyList<AccountInfo>> ListAccounts()
    {
        RequireAdmin();
        return store.ListAccountsAsync();
    }

    public async Task<AccountInfo> SetAccountState(string accountId, AccountState state)
    {
        RequireAdmin();
        ValidateAccountId(accountId);
        if (accountId == AccountIds.Root && state != AccountState.Active)
        {
            throw Invalid("The root account cannot be disabled: it is the bootstrap administrator.");
        }

        var account = await store.SetAccountStateAsync(accountId, state) ?? throw NoSuchAccount(accountId);
        await RefreshAsync((await store.ListKeysAsync(accountId)).Select(k => k.AccessKeyId));
        return account;
    }

    public async Task DeleteAccount(string accountId)
    {
        RequireAdmin();
        ValidateAccountId(accountId);
        if (accountId == AccountIds.Root)
        {
            throw Invalid("The root account cannot be deleted: it is the bootstrap administrator.");
        }

        // The keys the delete removes; calls on this grain run one at a time, so no key is added meanwhile.
        var keys = (await store.ListKeysAsync(accountId)).Select(k => k.AccessKeyId).ToList();
        switch (await store.DeleteAccountAsync(accountId))
        {
            case DeleteAccountOutcome.NotFound:
                throw NoSuchAccount(accountId);
            case DeleteAccountOutcome.OwnsBuckets:
                throw Invalid($"The account '{accountId}' owns buckets: delete them or give them to another account first.");
        }

        await RefreshAsync(keys);
    }

    public async Task<NewAccessKey> CreateKey(string accountId, DateTimeOffset? expires)
    {
        RequireAdmin();
        ValidateAccountId(accountId);
        var now = Now();
        if (expires is { } at && at <= now)
        {
            throw Invalid("A key's expiry must be in the future.");
        }

        // 17 random characters of 36: a collision is all but impossible, and the primary key refuses it anyway.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var key = new AccessKeyInfo(AccessKeyIds.NewId(), accountId, AccessKeyState.Active, now, expires);
            var secret = AccessKeyIds.NewSecret();
            if (await store.CreateKeyAsync(key, secret))
            {
                // A grain that answered "unknown" for this id before keeps that answer until it reads again.
                await RefreshAsync([key.AccessKeyId]);
                return new NewAccessKey(key, secret);
            }
        }

        throw new MultipartException(MultipartError.InternalError, "Could not find a free access key id.");
    }

    public Task<IReadOnlyList<AccessKeyInfo>> ListKeys(string? accountId)
    {
        RequireAdmin();
        if (accountId is not null)
        {
            ValidateAccountId(accountId);
        }

        return store.ListKeysAsync(accountId);
    }

    public async Task<AccessKeyInfo> SetKeyState(string accessKeyId, AccessKeyState state)
    {
        RequireAdmin();
        ValidateKeyId(accessKeyId);
        var key = await store.SetKeyStateAsync(accessKeyId, state) ?? throw NoSuchKey(accessKeyId);
        await RefreshAsync([accessKeyId]);
        return key;
    }

    public async Task<NewAccessKey> RotateKey(string accessKeyId)
    {
        RequireAdmin();
        ValidateKeyId(accessKeyId);
        var secret = AccessKeyIds.NewSecret();
        var key = await store.ReplaceSecretAsync(accessKeyId, secret) ?? throw NoSuchKey(accessKeyId);
        await RefreshAsync([accessKeyId]);
        return new NewAccessKey(key, secret);
    }

    public async Task DeleteKey(string accessKeyId)
    {
        RequireAdmin();
        ValidateKeyId(accessKeyId);
        if (!await store.DeleteKeyAsync(accessKeyId))
        {
            throw NoSuchKey(accessKeyId);
        }

        await RefreshAsync([accessKeyId]);
    }

    /// <summary>
    /// Makes the key grains read the database again. The change is committed already, so a grain that
    /// cannot be reached is logged, not reported as the change failing: its activation is gone with its
    /// silo (the next one reads the database), or it reads again within <see cref="AccessKeyGrain"/>'s MaxAge.
    /// </summary>
    private async Task RefreshAsync(IEnumerable<string> accessKeyIds)
    {
        var refreshes = accessKeyIds.Select(async id =>
        {
            try
            {
                await GrainFactory.GetGrain<IAccessKeyGrain>(id).Refresh();
            }
            catch (Exception ex)
            {
                Log.RefreshFailed(logger, ex, id);
            }
        });
        await Task.WhenAll(refreshes);
    }

    /// <summary>Only administrators manage accounts: the gateway's admin API and internal clients acting for one.</summary>
    private static void RequireAdmin()
    {
        if (CallerContext.Current is not { IsAdmin: true })
        {
            throw new MultipartException(MultipartError.AccessDenied, "Access Denied: managing accounts and keys needs an administrator.");
        }
    }

    private static void ValidateAccountId(string accountId)
    {
        if (!AccountIds.IsValid(accountId))
        {
            throw Invalid("An account id is 1-64 characters of a-z, 0-9, '-' and '_', starting with a letter or digit, and not a reserved id.");
        }
    }

    private static void ValidateKeyId(string accessKeyId)
    {
        if (!AccessKeyIds.IsWellFormed(accessKeyId))
        {
            throw NoSuchKey(accessKeyId);
        }
    }

    private DateTimeOffset Now() => DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds()); // the database keeps milliseconds

    private static MultipartException Invalid(string message) => new(MultipartError.InvalidArgument, message);

    private static MultipartException NoSuchAccount(string accountId) => Invalid($"There is no account '{accountId}'.");

    private static MultipartException NoSuchKey(string accessKeyId) => Invalid($"There is no access key '{accessKeyId}'.");

    private static partial class Log
    {
        [LoggerMessage(3102, LogLevel.Warning, "Access key {AccessKeyId} changed but its grain could not be told; it reads the change when it is next activated or within a minute.")]
        public static partial void RefreshFailed(ILogger logger, Exception exception, string accessKeyId);
    }
}
