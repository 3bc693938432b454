using System.Data.Common;
using Dapper;

namespace Orleans.Multipart.Silo.Storage.Sql;

/// <summary>Connections, the schema and the write-transaction discipline shared by every SQL-backed component.</summary>
public sealed class SqlDatabase(ISqlDialect dialect)
{
    private const int MaxAttempts = 5;
    private readonly SemaphoreSlim _writer = new(1, 1);
    private int _schemaReady;

    public ISqlDialect Dialect => dialect;

    /// <summary>Creates or upgrades the schema; idempotent, safe from several silos at once.</summary>
    public async Task EnsureSchemaAsync(CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _schemaReady) == 1)
        {
            return;
        }

        await WriteAsync(async (connection, transaction) =>
        {
            if (dialect.SchemaPreamble.Length > 0)
            {
                await connection.ExecuteAsync(dialect.SchemaPreamble, transaction: transaction);
            }

            await connection.ExecuteAsync(SqlSchema.Script(dialect), transaction: transaction);
            await connection.ExecuteAsync(dialect.BlobReferenceTriggers, transaction: transaction);
            foreach (var (table, column, definition) in SqlSchema.AddedColumns)
            {
                await dialect.AddColumnIfMissingAsync(connection, transaction, table, column, definition);
            }

            var version = await connection.ExecuteScalarAsync<long?>("SELECT version FROM schema_version WHERE id = 1", transaction: transaction) ?? 1;
            foreach (var (step, sql) in SqlSchema.Upgrades)
            {
                if (step > version)
                {
                    await connection.ExecuteAsync(sql, transaction: transaction);
                }
            }

            await connection.ExecuteAsync(dialect.OrleansSql.Tables, transaction: transaction);
            await connection.ExecuteAsync(
                "INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES (@Key, @Value) ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText",
                dialect.OrleansSql.Queries.Select(q => new { q.Key, q.Value }),
                transaction);
            await connection.ExecuteAsync(
                "INSERT INTO schema_version (id, version) VALUES (1, @version) ON CONFLICT (id) DO UPDATE SET version = excluded.version",
                new { version = Math.Max(version, SqlSchema.CurrentVersion) },
                transaction);
            return 0;
        }, cancellationToken);
        Volatile.Write(ref _schemaReady, 1);
    }

    public async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken = default)
    {
        await using var connection = dialect.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        return await work(connection);
    }

    /// <summary>
    /// Runs <paramref name="work"/>, which must be ONE writing statement, without an explicit transaction:
    /// the statement commits by itself, atomically. On PostgreSQL that is one round trip where a
    /// transaction costs three (BEGIN with the statement, the statement's answer, COMMIT). Retries
    /// deadlocks and serialization failures; SQLite writers queue here as in <see cref="WriteAsync{T}"/>.
    /// </summary>
    public async Task<T> WriteStatementAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (dialect.SerializeWrites)
            {
                await _writer.WaitAsync(cancellationToken);
            }

            try
            {
                await using var connection = dialect.CreateConnection();
                await connection.OpenAsync(cancellationToken);
                return await work(connection);
            }
            catch (Exception ex) when (attempt < MaxAttempts && dialect.IsTransient(ex))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(5 * attempt * Random.Shared.Next(1, 5)), cancellationToken);
            }
            finally
            {
                if (dialect.SerializeWrites)
                {
                    _writer.Release();
                }
            }
        }
    }

    /// <summary>Runs <paramref name="work"/> in a transaction, retrying deadlocks and serialization failures. SQLite writers queue here.</summary>
    public async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (dialect.SerializeWrites)
            {
                await _writer.WaitAsync(cancellationToken);
            }

            try
            {
                await using var connection = dialect.CreateConnection();
                await connection.OpenAsync(cancellationToken);
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                var result = await work(connection, transaction);
                await transaction.CommitAsync(cancellationToken);
                return result;
            }
            catch (Exception ex) when (attempt < MaxAttempts && dialect.IsTransient(ex))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(5 * attempt * Random.Shared.Next(1, 5)), cancellationToken);
            }
            finally
            {
                if (dialect.SerializeWrites)
                {
                    _writer.Release();
                }
            }
        }
    }
}
