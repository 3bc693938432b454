using System.Data.Common;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Multipart.Silo.Hosting;
using Orleans.Multipart.Silo.Storage.Sql.Migrations;
using Polly;

namespace Orleans.Multipart.Silo.Storage.Sql;

/// <summary>Connections, the schema and the write-transaction discipline shared by every SQL-backed component.</summary>
public sealed class SqlDatabase(ISqlDialect dialect, ILoggerFactory? loggerFactory = null)
{
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly ResiliencePipeline _retry = RetryPipelines.SqlTransaction(dialect.IsTransient);
    private int _schemaReady;

    public ISqlDialect Dialect => dialect;

    /// <summary>Applies the migration scripts not yet applied (<see cref="SchemaMigrator"/>); safe from several silos at once.</summary>
    public async Task EnsureSchemaAsync(CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _schemaReady) == 1)
        {
            return;
        }

        // A database that refuses the connection for a moment is retried like a write transaction: the
        // step is one transaction and finds applied scripts journalled, so running it again is safe.
        var migrator = new SchemaMigrator(dialect, (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<SchemaMigrator>());
        await _retry.ExecuteAsync(static (migrator, cancellationToken) => new ValueTask(migrator.MigrateAsync(cancellationToken)), migrator, cancellationToken);
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
    /// transaction costs three (BEGIN with the statement, the statement's answer, COMMIT). Retried like
    /// <see cref="WriteAsync{T}"/>; SQLite writers queue here as there.
    /// </summary>
    public Task<T> WriteStatementAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken = default) =>
        WriteOnConnectionAsync(static (connection, work, _) => work(connection), work, cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> in a transaction, retrying deadlocks and serialization failures
    /// (<see cref="RetryPipelines.SqlTransaction"/>). SQLite writers queue here.
    /// </summary>
    public Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken = default) =>
        WriteOnConnectionAsync(
            static async (connection, work, cancellationToken) =>
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                var result = await work(connection, transaction);
                await transaction.CommitAsync(cancellationToken);
                return result;
            },
            work,
            cancellationToken);

    /// <summary>
    /// The write discipline of <see cref="WriteStatementAsync{T}"/> and <see cref="WriteAsync{T}"/>: each
    /// attempt on a fresh connection, retried while the failure is transient, and one writer at a time where
    /// the dialect serializes writes (SQLite). The state travels as arguments, not captured, so that a write
    /// allocates no closure on this hot path.
    /// </summary>
    private Task<T> WriteOnConnectionAsync<T, TWork>(Func<DbConnection, TWork, CancellationToken, Task<T>> attempt, TWork work, CancellationToken cancellationToken) =>
        _retry.ExecuteAsync(
            static async (state, cancellationToken) =>
            {
                var (self, attempt, work) = state;
                if (self.Dialect.SerializeWrites)
                {
                    await self._writer.WaitAsync(cancellationToken);
                }

                try
                {
                    await using var connection = self.Dialect.CreateConnection();
                    await connection.OpenAsync(cancellationToken);
                    return await attempt(connection, work, cancellationToken);
                }
                finally
                {
                    if (self.Dialect.SerializeWrites)
                    {
                        self._writer.Release();
                    }
                }
            },
            (this, attempt, work),
            cancellationToken).AsTask();
}
