using System.Data.Common;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Multipart.Silo.Storage.Sql.Migrations;

namespace Orleans.Multipart.Silo.Storage.Sql;

/// <summary>Connections, the schema and the write-transaction discipline shared by every SQL-backed component.</summary>
public sealed class SqlDatabase(ISqlDialect dialect, ILoggerFactory? loggerFactory = null)
{
    private const int MaxAttempts = 5;
    private readonly SemaphoreSlim _writer = new(1, 1);
    private int _schemaReady;

    public ISqlDialect Dialect => dialect;

    /// <summary>Applies the migration scripts not yet applied (<see cref="SchemaMigrator"/>); safe from several silos at once.</summary>
    public async Task EnsureSchemaAsync(CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _schemaReady) == 1)
        {
            return;
        }

        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<SchemaMigrator>();
        await new SchemaMigrator(dialect, logger).MigrateAsync(cancellationToken);
        Volatile.Write(ref _schemaReady, 1);
    }

    public async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken = default)
    {
        await using var connection = dialect.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        return await work(connection);
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
