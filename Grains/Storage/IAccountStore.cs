namespace Orleans.Multipart.Grains.Storage;

/// <summary>
/// Accounts and their access keys in the metadata database. Every invariant lives here, in a primary
/// key or a transaction, so that it holds whichever activation or silo writes: account ids and access
/// key ids are unique (primary keys), a key belongs to an existing account (the insert reads the account
/// row in the same statement; PostgreSQL's foreign key also locks it), and an account is deleted only
/// while it owns no bucket (checked under the account's row lock in the delete's transaction, so a key
/// created meanwhile waits and then finds the account gone). Secrets go in and come out in plaintext:
/// the store seals them at rest (AES-256-GCM under the master key, bound to the key id), because SigV4
/// and the vendor signatures need the plaintext to verify.
/// </summary>
public interface IAccountStore
{
    /// <summary>Inserts an account; false when the id is taken.</summary>
    Task<bool> CreateAccountAsync(AccountInfo account, CancellationToken cancellationToken = default);

    Task<AccountInfo?> GetAccountAsync(string accountId, CancellationToken cancellationToken = default);

    /// <summary>Every account, by id.</summary>
    Task<IReadOnlyList<AccountInfo>> ListAccountsAsync(CancellationToken cancellationToken = default);

    /// <summary>Sets the account's state; null when there is no such account.</summary>
    Task<AccountInfo?> SetAccountStateAsync(string accountId, AccountState state, CancellationToken cancellationToken = default);

    /// <summary>Deletes the account and its keys in one transaction, unless it owns a bucket (then nothing changes).</summary>
    Task<DeleteAccountOutcome> DeleteAccountAsync(string accountId, CancellationToken cancellationToken = default);

    /// <summary>Inserts a key with its secret (sealed at rest). Throws <see cref="MultipartException"/> InvalidArgument when the account does not exist; false when the access key id is taken.</summary>
    Task<bool> CreateKeyAsync(AccessKeyInfo key, string secretKey, CancellationToken cancellationToken = default);

    /// <summary>The keys of one account, or of every account when <paramref name="accountId"/> is null, by access key id; never a secret.</summary>
    Task<IReadOnlyList<AccessKeyInfo>> ListKeysAsync(string? accountId, CancellationToken cancellationToken = default);

    /// <summary>Sets the key's state; null when there is no such key.</summary>
    Task<AccessKeyInfo?> SetKeyStateAsync(string accessKeyId, AccessKeyState state, CancellationToken cancellationToken = default);

    /// <summary>Replaces the key's secret (the old one no longer verifies anything); null when there is no such key.</summary>
    Task<AccessKeyInfo?> ReplaceSecretAsync(string accessKeyId, string secretKey, CancellationToken cancellationToken = default);

    /// <summary>Deletes a key; false when there is no such key.</summary>
    Task<bool> DeleteKeyAsync(string accessKeyId, CancellationToken cancellationToken = default);

    /// <summary>
    /// A key with its plaintext secret and its account, read together (what verifying a signature needs);
    /// null when there is no such key. Throws <see cref="SealedSecretException"/> when the stored secret does
    /// not open under the master key (another master key, or a tampered or moved row): callers refuse the key.
    /// </summary>
    Task<StoredAccessKey?> FindKeyAsync(string accessKeyId, CancellationToken cancellationToken = default);
}

/// <summary>A key as stored, with its plaintext secret and its account.</summary>
public sealed record StoredAccessKey(AccessKeyInfo Key, string SecretKey, AccountInfo Account);

public enum DeleteAccountOutcome
{
    Deleted,
    NotFound,

    /// <summary>The account owns at least one bucket: delete or hand over its buckets first.</summary>
    OwnsBuckets,
}

/// <summary>A stored secret that does not open under the master key: the key must be refused, never guessed at.</summary>
public sealed class SealedSecretException(string accessKeyId, Exception? inner = null)
    : Exception($"The stored secret of access key {accessKeyId} does not open under the configured master key (Auth:MasterKey / Auth:MasterKeyPath): another master key, or a changed row.", inner)
{
    public string AccessKeyId { get; } = accessKeyId;
}
