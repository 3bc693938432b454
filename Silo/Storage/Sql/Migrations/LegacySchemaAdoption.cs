using System.Data.Common;
using Dapper;

namespace Orleans.Multipart.Silo.Storage.Sql.Migrations;

/// <summary>
/// Databases created before migrations: the hand-written schema code (versions 1-3, recorded in a
/// <c>schema_version</c> table) left tables but no journal. Such a database is brought to the baseline
/// once, with what that code would have done (the idempotent baseline script, the columns it added
/// after its first release, the old runtime's tables dropped), and the baseline is then journalled as
/// applied; later scripts run on it as on any other database. Frozen: schema changes are new numbered
/// scripts, never additions here.
/// </summary>
internal static class LegacySchemaAdoption
{
    /// <summary>Columns the hand-written code added to databases created before them (CREATE TABLE IF NOT EXISTS leaves an existing table as it was).</summary>
    private static readonly (string Table, string Column, string Definition)[] AddedColumns =
    [
        ("buckets", "anonymous_write", "INTEGER NOT NULL DEFAULT 0"),
        ("parts", "checksum", "TEXT NULL"),
        ("objects", "checksum", "TEXT NULL"),
        ("uploads", "completed_checksum", "TEXT NULL"),
    ];

    /// <summary>
    /// The home-made runtime's reminder and grain-state tables (version 1; expiry is a sweep over
    /// uploads now and grain state lives in orleans_storage), and the hand-written version record the
    /// journal replaces.
    /// </summary>
    private const string ObsoleteTables = "DROP TABLE IF EXISTS reminders; DROP TABLE IF EXISTS grain_state; DROP TABLE IF EXISTS schema_version;";

    /// <summary>
    /// The hand-written schema version of a database created before migrations (1 where it recorded
    /// none); null for a database with a journal or a fresh one (no <c>buckets</c> table).
    /// </summary>
    public static async Task<long?> PreJournalVersionAsync(ISqlDialect dialect, DbConnection connection)
    {
        if (await TableExistsAsync(dialect, connection, SchemaMigrator.JournalTable) || !await TableExistsAsync(dialect, connection, "buckets"))
        {
            return null;
        }

        return await TableExistsAsync(dialect, connection, "schema_version")
            ? await connection.ExecuteScalarAsync<long?>("SELECT version FROM schema_version WHERE id = 1") ?? 1
            : 1;
    }

    /// <summary>Brings a pre-migration database to the baseline's tables, columns, indexes and triggers; idempotent.</summary>
    public static async Task CatchUpAsync(ISqlDialect dialect, DbConnection connection, string baseline, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(baseline, transaction: transaction);
        foreach (var (table, column, definition) in AddedColumns)
        {
            await dialect.AddColumnIfMissingAsync(connection, transaction, table, column, definition);
        }

        await connection.ExecuteAsync(ObsoleteTables, transaction: transaction);
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task<bool> TableExistsAsync(ISqlDialect dialect, DbConnection connection, string table) =>
        await connection.ExecuteScalarAsync<long>(dialect.TableCountSql, new { table }) > 0;
}
