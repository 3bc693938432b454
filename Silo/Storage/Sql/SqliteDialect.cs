using System.Data.Common;
using Microsoft.Data.Sqlite;
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

    public string SchemaPreamble => "";

    public bool SupportsWritableCte => false;

    public string BlobReferenceTriggers => """
        DROP TRIGGER IF EXISTS parts_release_blob;
        CREATE TRIGGER parts_release_blob AFTER DELETE ON parts
        WHEN NOT EXISTS (SELECT 1 FROM parts WHERE blob_id = OLD.blob_id)
        BEGIN
            INSERT OR IGNORE INTO garbage (blob_id, since_ms) VALUES (OLD.blob_id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
        END;
        DROP TRIGGER IF EXISTS parts_release_replaced_blob;
        CREATE TRIGGER parts_release_replaced_blob AFTER UPDATE OF blob_id ON parts
        WHEN NOT EXISTS (SELECT 1 FROM parts WHERE blob_id = OLD.blob_id)
        BEGIN
            INSERT OR IGNORE INTO garbage (blob_id, since_ms) VALUES (OLD.blob_id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
        END;
        DROP TRIGGER IF EXISTS parts_blob_not_garbage;
        CREATE TRIGGER parts_blob_not_garbage BEFORE INSERT ON parts
        WHEN EXISTS (SELECT 1 FROM garbage WHERE blob_id = NEW.blob_id)
        BEGIN
            SELECT RAISE(ABORT, 'blob is garbage: no part may name it again');
        END;
        DROP TRIGGER IF EXISTS parts_replacement_not_garbage;
        CREATE TRIGGER parts_replacement_not_garbage BEFORE UPDATE OF blob_id ON parts
        WHEN EXISTS (SELECT 1 FROM garbage WHERE blob_id = NEW.blob_id)
        BEGIN
            SELECT RAISE(ABORT, 'blob is garbage: no part may name it again');
        END;
        DROP TRIGGER IF EXISTS garbage_blob_unreferenced;
        CREATE TRIGGER garbage_blob_unreferenced BEFORE INSERT ON garbage
        WHEN EXISTS (SELECT 1 FROM parts WHERE blob_id = NEW.blob_id)
        BEGIN
            SELECT RAISE(ABORT, 'blob is named by a part: it cannot be garbage');
        END;
        """;

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
