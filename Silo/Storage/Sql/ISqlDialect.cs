using System.Data.Common;
using DbUp.Builder;
using Orleans.Multipart.Silo.Storage.Sql.Orleans;

namespace Orleans.Multipart.Silo.Storage.Sql;

/// <summary>What differs between PostgreSQL and SQLite. The SQL itself is shared: both speak ON CONFLICT, partial indexes and row values.</summary>
public interface ISqlDialect
{
    string Name { get; }

    /// <summary>SQLite allows one writer: write transactions are queued in process instead of meeting SQLITE_BUSY.</summary>
    bool SerializeWrites { get; }

    /// <summary>Collation for object keys, so that ORDER BY is byte order (S3's listing order).</summary>
    string KeyCollation { get; }

    /// <summary>Row-lock suffixes; empty where the database locks whole transactions anyway.</summary>
    string ForUpdate { get; }

    string ForShare { get; }

    string ForKeyShare { get; }

    /// <summary>Row locks that skip rows another transaction holds (a queue's claim); empty where one writer runs at a time anyway.</summary>
    string ForUpdateSkipLocked { get; }

    /// <summary>
    /// Whether the database can insert a batch of uploads, checked against their buckets, in one
    /// statement (a writable CTE), so that concurrent Initiates share round trips and commits.
    /// </summary>
    bool SupportsWritableCte { get; }

    DbConnection CreateConnection();

    /// <summary>The ADO.NET invariant Orleans' providers load (<c>Npgsql</c>; <c>System.Data.SQLite</c>, which they run on Microsoft.Data.Sqlite).</summary>
    string AdoInvariant { get; }

    /// <summary>The connection string Orleans' providers use: the same database as the metadata.</summary>
    string ConnectionString { get; }

    /// <summary>The tables and OrleansQuery texts of Orleans' providers on this database.</summary>
    OrleansProviderSql OrleansSql { get; }

    /// <summary>The folder of this store's numbered migration scripts (Migrations/&lt;folder&gt;/NNNN_name.sql).</summary>
    string MigrationFolder { get; }

    /// <summary>DbUp pointed at this database, its journal in <c>schema_migrations</c>.</summary>
    UpgradeEngineBuilder MigrationTarget(SupportedDatabases databases);

    /// <summary>
    /// Taken on one connection for the whole migration step and released after it (PostgreSQL: a session
    /// advisory lock, so that silos starting together do not race; empty where one process owns the file).
    /// </summary>
    string AcquireMigrationLock { get; }

    string ReleaseMigrationLock { get; }

    /// <summary>SQL answering how many tables named <c>@table</c> exist (in the current schema).</summary>
    string TableCountSql { get; }

    /// <summary>Adds a column unless it exists (PostgreSQL: ADD COLUMN IF NOT EXISTS; SQLite: checked first). Used only to adopt databases from before migrations.</summary>
    Task AddColumnIfMissingAsync(DbConnection connection, DbTransaction transaction, string table, string column, string definition);

    bool IsUniqueViolation(Exception exception);

    /// <summary>Deadlocks and serialization failures: the transaction is retried.</summary>
    bool IsTransient(Exception exception);
}
