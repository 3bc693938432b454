using System.Security.Cryptography;
using Dapper;
using Orleans.Multipart.Grains.Storage;
using Orleans.Multipart.Silo.Storage.Secrets;
using Orleans.Multipart.Silo.Storage.Sql;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.Storage;

/// <summary>One contract for accounts and access keys, run against SQLite and PostgreSQL: what the account grains rely on the database for.</summary>
public abstract class AccountStoreContractTests : MetadataStoreTestBase
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
    private readonly byte[] _masterKey = RandomNumberGenerator.GetBytes(32);

    private SqlAccountStore Accounts => new(Database, new SecretSealer(_masterKey));

    private static string NewAccountId() => "acct-" + Guid.NewGuid().ToString("N")[..10];

    private static string NewKeyId() => Grains.Access.AccessKeyIds.NewId();

    private async Task<string> AccountAsync(AccountState state = AccountState.Active)
    {
        var id = NewAccountId();
        Assert.True(await Accounts.CreateAccountAsync(new AccountInfo(id, "Display " + id, state, false, Now)));
        return id;
    }

    private async Task<(AccessKeyInfo Key, string Secret)> KeyAsync(string accountId, DateTimeOffset? expires = null)
    {
        var key = new AccessKeyInfo(NewKeyId(), accountId, AccessKeyState.Active, Now, expires);
        var secret = Grains.Access.AccessKeyIds.NewSecret();
        Assert.True(await Accounts.CreateKeyAsync(key, secret));
        return (key, secret);
    }

    [Fact]
    public async Task TheRootAccountIsTheBootstrapAdministrator()
    {
        var root = await Accounts.GetAccountAsync(AccountIds.Root);
        Assert.NotNull(root);
        Assert.True(root.IsAdmin);
        Assert.Equal(AccountState.Active, root.State);
    }

    [Fact]
    public async Task AnAccountIsCreatedOnceAndReadBack()
    {
        var id = NewAccountId();
        var account = new AccountInfo(id, "Alice Example", AccountState.Active, true, Now);
        Assert.True(await Accounts.CreateAccountAsync(account));
        Assert.False(await Accounts.CreateAccountAsync(account with { DisplayName = "Another" }));
        Assert.Equal(account, await Accounts.GetAccountAsync(id));
        Assert.Contains(account, await Accounts.ListAccountsAsync());
        Assert.Null(await Accounts.GetAccountAsync(NewAccountId()));
    }

    [Fact]
    public async Task AnAccountsStateChangesAndAMissingAccountSaysSo()
    {
        var id = await AccountAsync();
        Assert.Equal(AccountState.Disabled, (await Accounts.SetAccountStateAsync(id, AccountState.Disabled))!.State);
        Assert.Equal(AccountState.Disabled, (await Accounts.GetAccountAsync(id))!.State);
        Assert.Null(await Accounts.SetAccountStateAsync(NewAccountId(), AccountState.Disabled));
    }

    [Fact]
    public async Task AKeyIsFoundWithItsSecretAndItsAccount()
    {
        var account = await AccountAsync();
        var expires = Now.AddDays(3);
        var (key, secret) = await KeyAsync(account, expires);
        var found = await Accounts.FindKeyAsync(key.AccessKeyId);
        Assert.NotNull(found);
        Assert.Equal(key, found.Key);
        Assert.Equal(secret, found.SecretKey);
        Assert.Equal(account, found.Account.Id);
        Assert.Equal("Display " + account, found.Account.DisplayName);
        Assert.Null(await Accounts.FindKeyAsync(NewKeyId()));
    }

    [Fact]
    public async Task AKeyIdIsUniqueAndAKeyNeedsAnExistingAccount()
    {
        var (key, _) = await KeyAsync(await AccountAsync());
        Assert.False(await Accounts.CreateKeyAsync(key with { AccountId = await AccountAsync() }, "other-secret"));
        var orphan = new AccessKeyInfo(NewKeyId(), NewAccountId(), AccessKeyState.Active, Now, null);
        var refused = await Assert.ThrowsAsync<MultipartException>(() => Accounts.CreateKeyAsync(orphan, "secret"));
        Assert.Equal(MultipartError.InvalidArgument, refused.Error);
        Assert.Null(await Accounts.FindKeyAsync(orphan.AccessKeyId));
    }

    [Fact]
    public async Task KeysAreListedPerAccountOrAllWithoutSecrets()
    {
        var a = await AccountAsync();
        var b = await AccountAsync();
        var a1 = (await KeyAsync(a)).Key;
        var a2 = (await KeyAsync(a)).Key;
        var b1 = (await KeyAsync(b)).Key;
        Assert.Equal(new[] { a1, a2 }.OrderBy(k => k.AccessKeyId, StringComparer.Ordinal), await Accounts.ListKeysAsync(a));
        var all = await Accounts.ListKeysAsync(null);
        Assert.Contains(a1, all);
        Assert.Contains(b1, all);
        Assert.Empty(await Accounts.ListKeysAsync(NewAccountId()));
    }

    [Fact]
    public async Task AKeyIsDisabledRotatedAndDeleted()
    {
        var (key, secret) = await KeyAsync(await AccountAsync());
        Assert.Equal(AccessKeyState.Disabled, (await Accounts.SetKeyStateAsync(key.AccessKeyId, AccessKeyState.Disabled))!.State);
        Assert.Equal(AccessKeyState.Disabled, (await Accounts.FindKeyAsync(key.AccessKeyId))!.Key.State);

        Assert.NotNull(await Accounts.ReplaceSecretAsync(key.AccessKeyId, "a-new-secret"));
        var rotated = await Accounts.FindKeyAsync(key.AccessKeyId);
        Assert.Equal("a-new-secret", rotated!.SecretKey);
        Assert.NotEqual(secret, rotated.SecretKey);

        Assert.True(await Accounts.DeleteKeyAsync(key.AccessKeyId));
        Assert.False(await Accounts.DeleteKeyAsync(key.AccessKeyId));
        Assert.Null(await Accounts.FindKeyAsync(key.AccessKeyId));
        Assert.Null(await Accounts.SetKeyStateAsync(key.AccessKeyId, AccessKeyState.Active));
        Assert.Null(await Accounts.ReplaceSecretAsync(key.AccessKeyId, "x"));
    }

    [Fact]
    public async Task AnAccountOwningABucketIsNotDeletedAndAnAccountWithoutIsDeletedWithItsKeys()
    {
        var owner = await AccountAsync();
        var (key, _) = await KeyAsync(owner);
        var bucket = "b" + Guid.NewGuid().ToString("N")[..10];
        Assert.True(await Store.CreateBucketAsync(new BucketInfo(bucket, BucketRule.Concurrent, DateTimeOffset.UtcNow, Owner: owner)));

        Assert.Equal(DeleteAccountOutcome.OwnsBuckets, await Accounts.DeleteAccountAsync(owner));
        Assert.NotNull(await Accounts.GetAccountAsync(owner));
        Assert.NotNull(await Accounts.FindKeyAsync(key.AccessKeyId));

        Assert.Equal(DeleteBucketOutcome.Deleted, await Store.DeleteBucketAsync(bucket));
        Assert.Equal(DeleteAccountOutcome.Deleted, await Accounts.DeleteAccountAsync(owner));
        Assert.Null(await Accounts.GetAccountAsync(owner));
        Assert.Null(await Accounts.FindKeyAsync(key.AccessKeyId));
        Assert.Equal(DeleteAccountOutcome.NotFound, await Accounts.DeleteAccountAsync(owner));
    }

    /// <summary>Deletes racing key creations of the same account: every key that exists afterwards has its account (none is orphaned).</summary>
    [Fact]
    public async Task AKeyCreatedWhileItsAccountIsDeletedIsNeverLeftWithoutIt()
    {
        for (var round = 0; round < 20; round++)
        {
            var account = await AccountAsync();
            var create = Task.Run(async () =>
            {
                try
                {
                    await Accounts.CreateKeyAsync(new AccessKeyInfo(NewKeyId(), account, AccessKeyState.Active, Now, null), "s");
                }
                catch (MultipartException e) when (e.Error == MultipartError.InvalidArgument)
                {
                    // The account went first: refused, as it should be.
                }
            });
            var delete = Task.Run(() => Accounts.DeleteAccountAsync(account));
            await Task.WhenAll(create, delete);
        }

        var orphans = await Database.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM access_keys k WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.account_id = k.account_id)"));
        Assert.Equal(0, orphans);
    }

    [Fact]
    public async Task ASecretSealedUnderAnotherMasterKeyDoesNotOpen()
    {
        var (key, _) = await KeyAsync(await AccountAsync());
        var other = new SqlAccountStore(Database, new SecretSealer(RandomNumberGenerator.GetBytes(32)));
        var refused = await Assert.ThrowsAsync<SealedSecretException>(() => other.FindKeyAsync(key.AccessKeyId));
        Assert.Equal(key.AccessKeyId, refused.AccessKeyId);
    }

    [Theory]
    [InlineData(0)] // the nonce
    [InlineData(20)] // the ciphertext
    [InlineData(-1)] // the tag's last byte
    public async Task AChangedByteOfTheSealedSecretMakesTheKeyUnreadable(int offset)
    {
        var (key, _) = await KeyAsync(await AccountAsync());
        var sealedSecret = await Database.ReadAsync(c => c.ExecuteScalarAsync<byte[]>("SELECT secret_sealed FROM access_keys WHERE access_key_id = @id", new { id = key.AccessKeyId }));
        sealedSecret![offset < 0 ? sealedSecret.Length + offset : offset] ^= 0x01;
        await Database.WriteAsync((c, t) => c.ExecuteAsync("UPDATE access_keys SET secret_sealed = @sealedSecret WHERE access_key_id = @id", new { sealedSecret, id = key.AccessKeyId }, t));
        await Assert.ThrowsAsync<SealedSecretException>(() => Accounts.FindKeyAsync(key.AccessKeyId));
    }

    /// <summary>The key id is the sealed secret's associated data: a sealed secret copied onto another key's row does not open there.</summary>
    [Fact]
    public async Task ASealedSecretMovedToAnotherKeysRowDoesNotOpen()
    {
        var account = await AccountAsync();
        var (victim, _) = await KeyAsync(account);
        var (mine, _) = await KeyAsync(account);
        await Database.WriteAsync((c, t) => c.ExecuteAsync(
            "UPDATE access_keys SET secret_sealed = (SELECT secret_sealed FROM access_keys WHERE access_key_id = @victim) WHERE access_key_id = @mine",
            new { victim = victim.AccessKeyId, mine = mine.AccessKeyId }, t));
        await Assert.ThrowsAsync<SealedSecretException>(() => Accounts.FindKeyAsync(mine.AccessKeyId));
    }

    [Fact]
    public async Task TheStoredSecretIsNotThePlaintext()
    {
        var (key, secret) = await KeyAsync(await AccountAsync());
        var stored = await Database.ReadAsync(c => c.ExecuteScalarAsync<byte[]>("SELECT secret_sealed FROM access_keys WHERE access_key_id = @id", new { id = key.AccessKeyId }));
        Assert.Equal(12 + secret.Length + 16, stored!.Length);
        Assert.False(stored.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(secret)) >= 0);
    }
}

public sealed class SqliteAccountStoreTests : AccountStoreContractTests
{
    private string? _path;

    protected override ISqlDialect CreateDialect() => new SqliteDialect(_path = ScratchSqlitePath("omp-accounts-"));

    /// <summary>No secret appears in plaintext anywhere in the database's files (the main file and its write-ahead log).</summary>
    [Fact]
    public async Task NoSecretIsInTheDatabaseFilesInPlaintext()
    {
        var store = new SqlAccountStore(Database, new SecretSealer(RandomNumberGenerator.GetBytes(32)));
        var account = "plain-" + Guid.NewGuid().ToString("N")[..8];
        Assert.True(await store.CreateAccountAsync(new AccountInfo(account, account, AccountState.Active, false, DateTimeOffset.UtcNow)));
        var secrets = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var secret = Grains.Access.AccessKeyIds.NewSecret();
            var id = Grains.Access.AccessKeyIds.NewId();
            Assert.True(await store.CreateKeyAsync(new AccessKeyInfo(id, account, AccessKeyState.Active, DateTimeOffset.UtcNow, null), secret));
            secrets.Add(secret);
            var rotated = Grains.Access.AccessKeyIds.NewSecret();
            Assert.NotNull(await store.ReplaceSecretAsync(id, rotated));
            secrets.Add(rotated);
        }

        var files = Directory.GetFiles(Path.GetDirectoryName(_path!)!).Select(File.ReadAllBytes).ToList();
        Assert.Contains(files, bytes => bytes.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(account)) >= 0); // the files are readable as such
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(files, bytes => bytes.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(secret)) >= 0);
        }
    }
}

public sealed class PostgresAccountStoreTests : AccountStoreContractTests
{
    protected override ISqlDialect CreateDialect() => new PostgresDialect(TestPostgres.CreateDatabase());
}
