using System.Data.Common;
using Dapper;
using Orleans.Multipart.Grains.Storage;
using Orleans.Multipart.Silo.Storage.Secrets;

namespace Orleans.Multipart.Silo.Storage.Sql;

/// <summary>
/// <see cref="IAccountStore"/> on PostgreSQL or SQLite with the same SQL (tables of migration 0002).
/// Lock order: account row, then its key rows, then buckets (read only), so that a delete and a key
/// creation of one account queue on the account row instead of deadlocking.
/// </summary>
public sealed class SqlAccountStore(SqlDatabase db, SecretSealer sealer) : IAccountStore
{
    private const string AccountColumns = "account_id AS accountid, display_name AS displayname, state, is_admin AS isadmin, created_ms AS createdms";
    private const string KeyColumns = "access_key_id AS accesskeyid, account_id AS accountid, state, created_ms AS createdms, expires_ms AS expiresms";

    private ISqlDialect D => db.Dialect;

    public Task<bool> CreateAccountAsync(AccountInfo account, CancellationToken cancellationToken = default) =>
        db.WriteStatementAsync(async c => await c.ExecuteAsync(
            "INSERT INTO accounts (account_id, display_name, state, is_admin, created_ms) VALUES (@Id, @DisplayName, @State, @IsAdmin, @Created) ON CONFLICT (account_id) DO NOTHING",
            new { account.Id, account.DisplayName, State = (int)account.State, IsAdmin = account.IsAdmin ? 1 : 0, Created = account.Created.ToUnixTimeMilliseconds() }) == 1, cancellationToken);

    public Task<AccountInfo?> GetAccountAsync(string accountId, CancellationToken cancellationToken = default) =>
        db.ReadAsync(c => ReadAccountAsync(c, null, accountId), cancellationToken);

    public Task<IReadOnlyList<AccountInfo>> ListAccountsAsync(CancellationToken cancellationToken = default) =>
        db.ReadAsync<IReadOnlyList<AccountInfo>>(async c => (await c.QueryAsync<AccountRow>($"SELECT {AccountColumns} FROM accounts ORDER BY account_id"))
            .Select(r => r.ToInfo()).ToList(), cancellationToken);

    public Task<AccountInfo?> SetAccountStateAsync(string accountId, AccountState state, CancellationToken cancellationToken = default) =>
        db.WriteAsync(async (c, t) =>
        {
            var changed = await c.ExecuteAsync("UPDATE accounts SET state = @state WHERE account_id = @accountId", new { accountId, state = (int)state }, t);
            return changed == 0 ? null : await ReadAccountAsync(c, t, accountId);
        }, cancellationToken);

    public Task<DeleteAccountOutcome> DeleteAccountAsync(string accountId, CancellationToken cancellationToken = default) =>
        db.WriteAsync(async (c, t) =>
        {
            // The account row's lock first: a key insert for this account (whose foreign key check takes a
            // share lock on the row) waits for this transaction and then finds the account gone.
            if (await c.ExecuteScalarAsync<string?>($"SELECT account_id FROM accounts WHERE account_id = @accountId{D.ForUpdate}", new { accountId }, t) is null)
            {
                return DeleteAccountOutcome.NotFound;
            }

            if (await c.ExecuteScalarAsync<long?>("SELECT 1 FROM buckets WHERE owner = @accountId LIMIT 1", new { accountId }, t) is not null)
            {
                return DeleteAccountOutcome.OwnsBuckets;
            }

            await c.ExecuteAsync("DELETE FROM access_keys WHERE account_id = @accountId", new { accountId }, t);
            await c.ExecuteAsync("DELETE FROM accounts WHERE account_id = @accountId", new { accountId }, t);
            return DeleteAccountOutcome.Deleted;
        }, cancellationToken);

    public async Task<bool> CreateKeyAsync(AccessKeyInfo key, string secretKey, CancellationToken cancellationToken = default)
    {
        var sealedSecret = sealer.Seal(key.AccessKeyId, secretKey);
        int inserted;
        try
        {
            // One statement: the key goes in only if its account exists when it commits (the SELECT reads the
            // account row; PostgreSQL's foreign key locks it against a concurrent delete, SQLite's single
            // writer serializes them).
            inserted = await db.WriteStatementAsync(c => c.ExecuteAsync(
                """
                INSERT INTO access_keys (access_key_id, account_id, secret_sealed, state, created_ms, expires_ms)
                SELECT @AccessKeyId, account_id, @sealedSecret, @State, @Created, @Expires FROM accounts WHERE account_id = @AccountId
                ON CONFLICT (access_key_id) DO NOTHING
                """,
                new
                {
                    key.AccessKeyId,
                    key.AccountId,
                    sealedSecret,
                    State = (int)key.State,
                    Created = key.Created.ToUnixTimeMilliseconds(),
                    Expires = key.Expires?.ToUnixTimeMilliseconds(),
                }), cancellationToken);
        }
        catch (DbException ex) when (IsForeignKeyViolation(ex))
        {
            throw NoSuchAccount(key.AccountId);
        }

        if (inserted == 1)
        {
            return true;
        }

        // Nothing inserted: the id is taken, or the account does not exist.
        return await GetAccountAsync(key.AccountId, cancellationToken) is null ? throw NoSuchAccount(key.AccountId) : false;
    }

    public Task<IReadOnlyList<AccessKeyInfo>> ListKeysAsync(string? accountId, CancellationToken cancellationToken = default) =>
        db.ReadAsync<IReadOnlyList<AccessKeyInfo>>(async c => (await c.QueryAsync<KeyRow>(
                $"SELECT {KeyColumns} FROM access_keys{(accountId is null ? "" : " WHERE account_id = @accountId")} ORDER BY access_key_id", new { accountId }))
            .Select(r => r.ToInfo()).ToList(), cancellationToken);

    public Task<AccessKeyInfo?> SetKeyStateAsync(string accessKeyId, AccessKeyState state, CancellationToken cancellationToken = default) =>
        db.WriteAsync(async (c, t) =>
        {
            var changed = await c.ExecuteAsync("UPDATE access_keys SET state = @state WHERE access_key_id = @accessKeyId", new { accessKeyId, state = (int)state }, t);
            return changed == 0 ? null : await ReadKeyAsync(c, t, accessKeyId);
        }, cancellationToken);

    public Task<AccessKeyInfo?> ReplaceSecretAsync(string accessKeyId, string secretKey, CancellationToken cancellationToken = default)
    {
        var sealedSecret = sealer.Seal(accessKeyId, secretKey);
        return db.WriteAsync(async (c, t) =>
        {
            var changed = await c.ExecuteAsync("UPDATE access_keys SET secret_sealed = @sealedSecret WHERE access_key_id = @accessKeyId", new { accessKeyId, sealedSecret }, t);
            return changed == 0 ? null : await ReadKeyAsync(c, t, accessKeyId);
        }, cancellationToken);
    }

    public Task<bool> DeleteKeyAsync(string accessKeyId, CancellationToken cancellationToken = default) =>
        db.WriteStatementAsync(async c => await c.ExecuteAsync("DELETE FROM access_keys WHERE access_key_id = @accessKeyId", new { accessKeyId }) == 1, cancellationToken);

    public async Task<StoredAccessKey?> FindKeyAsync(string accessKeyId, CancellationToken cancellationToken = default)
    {
        var row = await db.ReadAsync(async c => (await c.QueryAsync<KeyWithAccountRow>(
            """
            SELECT k.access_key_id AS accesskeyid, k.account_id AS accountid, k.state, k.created_ms AS createdms, k.expires_ms AS expiresms, k.secret_sealed AS secretsealed,
                   a.display_name AS displayname, a.state AS accountstate, a.is_admin AS isadmin, a.created_ms AS accountcreatedms
            FROM access_keys k JOIN accounts a ON a.account_id = k.account_id
            WHERE k.access_key_id = @accessKeyId
            """,
            new { accessKeyId })).FirstOrDefault(), cancellationToken);
        if (row is null)
        {
            return null;
        }

        var account = new AccountInfo(row.AccountId, row.DisplayName, (AccountState)row.AccountState, row.IsAdmin != 0, DateTimeOffset.FromUnixTimeMilliseconds(row.AccountCreatedMs));
        return new StoredAccessKey(row.ToInfo(), sealer.Open(row.AccessKeyId, row.SecretSealed), account);
    }

    private static async Task<AccountInfo?> ReadAccountAsync(DbConnection c, DbTransaction? t, string accountId) =>
        (await c.QueryAsync<AccountRow>($"SELECT {AccountColumns} FROM accounts WHERE account_id = @accountId", new { accountId }, t)).FirstOrDefault()?.ToInfo();

    private static async Task<AccessKeyInfo?> ReadKeyAsync(DbConnection c, DbTransaction? t, string accessKeyId) =>
        (await c.QueryAsync<KeyRow>($"SELECT {KeyColumns} FROM access_keys WHERE access_key_id = @accessKeyId", new { accessKeyId }, t)).FirstOrDefault()?.ToInfo();

    private static bool IsForeignKeyViolation(DbException ex) =>
        ex is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.ForeignKeyViolation };

    private static MultipartException NoSuchAccount(string accountId) =>
        new(MultipartError.InvalidArgument, $"There is no account '{accountId}'.");

    private sealed class AccountRow
    {
        public string AccountId { get; set; } = "";
        public string DisplayName { get; set; } = "";
        public long State { get; set; }
        public long IsAdmin { get; set; }
        public long CreatedMs { get; set; }

        public AccountInfo ToInfo() => new(AccountId, DisplayName, (AccountState)State, IsAdmin != 0, DateTimeOffset.FromUnixTimeMilliseconds(CreatedMs));
    }

    private class KeyRow
    {
        public string AccessKeyId { get; set; } = "";
        public string AccountId { get; set; } = "";
        public long State { get; set; }
        public long CreatedMs { get; set; }
        public long? ExpiresMs { get; set; }

        public AccessKeyInfo ToInfo() => new(
            AccessKeyId,
            AccountId,
            (AccessKeyState)State,
            DateTimeOffset.FromUnixTimeMilliseconds(CreatedMs),
            ExpiresMs is { } expires ? DateTimeOffset.FromUnixTimeMilliseconds(expires) : null);
    }

    private sealed class KeyWithAccountRow : KeyRow
    {
        public byte[] SecretSealed { get; set; } = [];
        public string DisplayName { get; set; } = "";
        public long AccountState { get; set; }
        public long IsAdmin { get; set; }
        public long AccountCreatedMs { get; set; }
    }
}
