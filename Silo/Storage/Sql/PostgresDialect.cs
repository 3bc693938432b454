using System.Data.Common;
using DbUp;
using DbUp.Builder;
using Npgsql;
using Orleans.Multipart.Silo.Storage.Sql.Migrations;
using Orleans.Multipart.Silo.Storage.Sql.Orleans;

namespace Orleans.Multipart.Silo.Storage.Sql;

/// <summary>The production store. READ COMMITTED plus explicit row locks; keys sort with the "C" collation (byte order).</summary>
public sealed class PostgresDialect(string connectionString) : ISqlDialect
{
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    public string Name => "postgres";

    public bool SerializeWrites => false;

    public string KeyCollation => "COLLATE \"C\"";

    public string ForUpdate => " FOR UPDATE";

    public string ForShare => " FOR SHARE";

    public string ForKeyShare => " FOR KEY SHARE";

    public string ForUpdateSkipLocked => " FOR UPDATE SKIP LOCKED";

    public bool SupportsWritableCte => true;

    public string MigrationFolder => "Postgres";

    public UpgradeEngineBuilder MigrationTarget(SupportedDatabases databases) =>
        databases.PostgresqlDatabase(connectionString).JournalToPostgresqlTable(null, SchemaMigrator.JournalTable);

    // One key for the project's schema step, whichever silo takes it.
    public string AcquireMigrationLock => "SELECT pg_advisory_lock(7212001)";

    public string ReleaseMigrationLock => "SELECT pg_advisory_unlock(7212001)";

    public string TableCountSql => "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = @table";

    public DbConnection CreateConnection() => _dataSource.CreateConnection();

    public string AdoInvariant => "Npgsql";

    public string ConnectionString => connectionString;

    public OrleansProviderSql OrleansSql => PostgresOrleansSql.Sql;

    public async Task AddColumnIfMissingAsync(DbConnection connection, DbTransaction transaction, string table, string column, string definition)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {column} {definition}";
        await command.ExecuteNonQueryAsync();
    }

    public bool IsUniqueViolation(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    public bool IsTransient(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected }
        || exception is NpgsqlException { IsTransient: true };
}
