using System.Data.Common;
using Npgsql;
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

    public string SchemaPreamble => "SELECT pg_advisory_xact_lock(7212001);";

    public bool SupportsWritableCte => true;

    public string BlobReferenceTriggers => """
        CREATE OR REPLACE FUNCTION omp_part_blob_released() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF NOT EXISTS (SELECT 1 FROM parts WHERE blob_id = OLD.blob_id) THEN
                INSERT INTO garbage (blob_id, since_ms) VALUES (OLD.blob_id, (extract(epoch FROM clock_timestamp()) * 1000)::bigint)
                ON CONFLICT (blob_id) DO NOTHING;
            END IF;
            RETURN NULL;
        END $$;
        CREATE OR REPLACE FUNCTION omp_part_blob_not_garbage() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF EXISTS (SELECT 1 FROM garbage WHERE blob_id = NEW.blob_id) THEN
                RAISE EXCEPTION 'blob % is garbage: no part may name it again', NEW.blob_id USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            RETURN NEW;
        END $$;
        CREATE OR REPLACE FUNCTION omp_garbage_blob_unreferenced() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF EXISTS (SELECT 1 FROM parts WHERE blob_id = NEW.blob_id) THEN
                RAISE EXCEPTION 'blob % is named by a part: it cannot be garbage', NEW.blob_id USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            RETURN NEW;
        END $$;
        DROP TRIGGER IF EXISTS parts_release_blob ON parts;
        CREATE TRIGGER parts_release_blob AFTER DELETE OR UPDATE OF blob_id ON parts FOR EACH ROW EXECUTE FUNCTION omp_part_blob_released();
        DROP TRIGGER IF EXISTS parts_blob_not_garbage ON parts;
        CREATE TRIGGER parts_blob_not_garbage BEFORE INSERT OR UPDATE OF blob_id ON parts FOR EACH ROW EXECUTE FUNCTION omp_part_blob_not_garbage();
        DROP TRIGGER IF EXISTS garbage_blob_unreferenced ON garbage;
        CREATE TRIGGER garbage_blob_unreferenced BEFORE INSERT ON garbage FOR EACH ROW EXECUTE FUNCTION omp_garbage_blob_unreferenced();
        """;

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
