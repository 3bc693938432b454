using System.Data.Common;
using DbUp;
using DbUp.Builder;
using Microsoft.Data.Sqlite;
using Orleans.Multipart.Silo.Storage.Sql.Migrations;
using Orleans.Multipart.Silo.Storage.Sql.Orleans;

namespace Orleans.Multipart.Silo.Storage.Sql;

/// <summary>The embedded default: one file, WAL journal, synchronous=FULL so an acknowledged write survives power loss.</summary>
public sealed class SqliteDialect : ISqlDialect
{
    private readonly string _connectionString;

    public SqliteDialect(string databasePath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databasePath))!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        command.ExecuteNonQuery();
    }

    public string Name => "sqlite";

    public bool SerializeWrites => true;

    public string KeyCollation => "COLLATE BINARY";

    public string ForUpdate => "";

    public string ForShare => "";

    public string ForKeyShare => "";

    public string ForUpdateSkipLocked => "";

    public bool SupportsWritableCte => false;

    public string MigrationFolder => "Sqlite";

    public UpgradeEngineBuilder MigrationTarget(SupportedDatabases databases) =>
        databases.SqliteDatabase(_connectionString).JournalToSqliteTable(SchemaMigrator.JournalTable);

    // The file belongs to one silo process; its start is the only writer then.
    public string AcquireMigrationLock => "";

    public string ReleaseMigrationLock => "";

    public string TableCountSql => "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = @table";

    public string AdoInvariant => "System.Data.SQLite";

    public string ConnectionString => _connectionString;

    public OrleansProviderSql OrleansSql => SqliteOrleansSql.Sql;

    public DbConnection CreateConnection()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.StateChange += static (sender, e) =>
        {
            if (e.CurrentState == System.Data.ConnectionState.Open)
            {
                using var pragma = ((SqliteConnection)sender).CreateCommand();
                pragma.CommandText = "PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000; PRAGMA foreign_keys=OFF;";
                pragma.ExecuteNonQuery();
            }
        };
        return connection;
    }

    public async Task AddColumnIfMissingAsync(DbConnection connection, DbTransaction transaction, string table, string column, string definition)
    {
        await using var check = connection.CreateCommand();
        check.Transaction = transaction;
        check.CommandText = $"SELECT COUNT(*) FROM pragma_table_info('{table}') WHERE name = '{column}'";
        if (Convert.ToInt64(await check.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            await using var alter = connection.CreateCommand();
            alter.Transaction = transaction;
            alter.CommandText = $"ALTER TABLE {table} ADD COLUMN {column} {definition}";
            await alter.ExecuteNonQueryAsync();
        }
    }

    public bool IsUniqueViolation(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: 19 };

    public bool IsTransient(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: 5 or 6 };
}
