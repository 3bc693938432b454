namespace Orleans.Multipart;

/// <summary>
/// Accounts and their access keys (a single grain, key <see cref="DefaultKey"/>), for the admin API and
/// CLI. Every method requires an administrator principal. Changes are written to the database first, then
/// the affected <see cref="IAccessKeyGrain"/>s are refreshed. Throws <see cref="MultipartException"/>:
/// InvalidArgument for a bad id or a reserved one, NoSuchKey-like errors as <c>InvalidArgument</c> with a
/// message naming what is missing, AccessDenied for a non-administrator.
/// </summary>
[Alias("omp.account-admin")]
public interface IAccountAdminGrain : IGrainWithStringKey
{
    const string DefaultKey = "default";

    [Alias("create-account")]
    Task<AccountInfo> CreateAccount(string accountId, string displayName, bool isAdmin);

    [Alias("get-account")]
    Task<AccountInfo?> GetAccount(string accountId);

    [Alias("list-accounts")]
    Task<IReadOnlyList<AccountInfo>> ListAccounts();

    /// <summary>Disables or re-enables an account: a disabled account's keys are refused everywhere within 2 s.</summary>
    [Alias("set-account-state")]
    Task<AccountInfo> SetAccountState(string accountId, AccountState state);

    /// <summary>Deletes an account and its keys; refused (BucketNotEmpty-like InvalidArgument) while it owns buckets. The root account cannot be deleted.</summary>
    [Alias("delete-account")]
    Task DeleteAccount(string accountId);

    /// <summary>Creates a key for the account; the answer is the only place its secret is shown.</summary>
    [Alias("create-key")]
    Task<NewAccessKey> CreateKey(string accountId, DateTimeOffset? expires);

    /// <summary>The keys of one account, or of all accounts when <paramref name="accountId"/> is null.</summary>
    [Alias("list-keys")]
    Task<IReadOnlyList<AccessKeyInfo>> ListKeys(string? accountId);

    [Alias("set-key-state")]
    Task<AccessKeyInfo> SetKeyState(string accessKeyId, AccessKeyState state);

    /// <summary>Gives the key a new secret (the old one is refused from then on, everywhere within 2 s).</summary>
    [Alias("rotate-key")]
    Task<NewAccessKey> RotateKey(string accessKeyId);

    [Alias("delete-key")]
    Task DeleteKey(string accessKeyId);
}
