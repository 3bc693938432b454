using System.Data.Common;
using Dapper;
using DbUp;
using DbUp.Builder;
using DbUp.Engine;

namespace Orleans.Multipart.Silo.Storage.Sql.Migrations;

/// <summary>
/// Brings the database to the newest schema at silo start, before Orleans' providers load their
/// queries: the numbered scripts of <see cref="MigrationScripts"/> not yet in the journal table
/// (<see cref="JournalTable"/>) run in order, in one transaction, through DbUp. Silos starting together
/// against one PostgreSQL queue on an advisory lock held for the whole step, so one applies the scripts
/// and the others find them journalled. Then the <c>OrleansQuery</c> rows are rewritten (they are code,
/// not schema: every start writes the texts of the running version).
/// </summary>
/// <param name="scripts">The scripts to apply; the store's embedded ones unless a test gives its own.</param>
internal sealed partial class SchemaMigrator(ISqlDialect dialect, ILogger logger, IReadOnlyList<SqlScript>? scripts = null)
{
    /// <summary>DbUp's journal: one row per applied script (its file name and when).</summary>
    public const string JournalTable = "schema_migrations";

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var all = scripts ?? MigrationScripts.For(dialect);
        await using var connection = dialect.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        if (dialect.AcquireMigrationLock.Length > 0)
        {
            Log.TakingLock(logger, dialect.Name);
            await connection.ExecuteAsync(new CommandDefinition(dialect.AcquireMigrationLock, cancellationToken: cancellationToken));
        }

        try
        {
            if (await LegacySchemaAdoption.PreJournalVersionAsync(dialect, connection) is { } legacyVersion)
            {
                await LegacySchemaAdoption.CatchUpAsync(dialect, connection, all[0].Contents, cancellationToken);
                Engine(all.Take(1)).MarkAsExecuted();
                Log.Adopted(logger, dialect.Name, legacyVersion, MigrationScripts.Baseline);
            }

            var engine = Engine(all);
            var pending = engine.GetScriptsToExecute();
            Log.Starting(logger, dialect.Name, pending.Count, all.Count);
            if (pending.Count > 0)
            {
                // DbUp is synchronous; a silo's start waits for it either way.
                var result = await Task.Run(engine.PerformUpgrade, cancellationToken);
                if (!result.Successful)
                {
                    Log.Failed(logger, dialect.Name, result.ErrorScript?.Name ?? "(none)", result.Error);
                    throw new InvalidOperationException($"The {dialect.Name} schema migration {result.ErrorScript?.Name} failed: {result.Error?.Message}", result.Error);
                }

                foreach (var applied in result.Scripts)
                {
                    Log.Applied(logger, dialect.Name, applied.Name);
                }
            }

            await WriteOrleansQueriesAsync(connection, cancellationToken);
            Log.UpToDate(logger, dialect.Name, all[^1].Name);
        }
        finally
        {
            if (dialect.ReleaseMigrationLock.Length > 0 && connection.State == System.Data.ConnectionState.Open)
            {
                await connection.ExecuteAsync(dialect.ReleaseMigrationLock);
            }
        }
    }

    private UpgradeEngine Engine(IEnumerable<SqlScript> applied)
    {
        var builder = dialect.MigrationTarget(DeployChanges.To)
            .WithScripts(applied)
            .WithTransaction()
            // The scripts hold PostgreSQL dollar quotes and no DbUp $variables$.
            .WithVariablesDisabled()
            .LogTo(new DbUpLog(logger));
        return builder.Build();
    }

    private async Task WriteOrleansQueriesAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(
            "INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES (@Key, @Value) ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText",
            dialect.OrleansSql.Queries.Select(q => new { q.Key, q.Value }),
            transaction);
        await transaction.CommitAsync(cancellationToken);
    }

    internal static partial class Log
    {
        [LoggerMessage(4050, LogLevel.Information, "Schema ({Store}): taking the migration lock (silos starting together migrate one at a time).")]
        public static partial void TakingLock(ILogger logger, string store);

        [LoggerMessage(4051, LogLevel.Information, "Schema ({Store}): adopted a database created before migrations (hand-written schema version {Version}); brought to the baseline and journalled {Baseline} as applied.")]
        public static partial void Adopted(ILogger logger, string store, long version, string baseline);

        [LoggerMessage(4052, LogLevel.Information, "Schema ({Store}): {Pending} of {Total} migration scripts to apply.")]
        public static partial void Starting(ILogger logger, string store, int pending, int total);

        [LoggerMessage(4053, LogLevel.Information, "Schema ({Store}): applied {Script}.")]
        public static partial void Applied(ILogger logger, string store, string script);

        [LoggerMessage(4054, LogLevel.Information, "Schema ({Store}): up to date at {Script}; Orleans provider queries written.")]
        public static partial void UpToDate(ILogger logger, string store, string script);

        [LoggerMessage(4055, LogLevel.Error, "Schema ({Store}): migration {Script} failed; nothing of it was applied.")]
        public static partial void Failed(ILogger logger, string store, string script, Exception? exception);

        [LoggerMessage(4056, LogLevel.Debug, "DbUp: {Message}")]
        public static partial void DbUpProgress(ILogger logger, string message);

        [LoggerMessage(4057, LogLevel.Warning, "DbUp: {Message}")]
        public static partial void DbUpWarning(ILogger logger, string message);

        [LoggerMessage(4058, LogLevel.Error, "DbUp: {Message}")]
        public static partial void DbUpError(ILogger logger, string message, Exception? exception);
    }
}
