using System.Data.Common;
using System.Globalization;
using Dapper;
using DbUp.Engine;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orleans.Multipart.Grains.Storage;
using Orleans.Multipart.Silo.Storage.Sql;
using Orleans.Multipart.Silo.Storage.Sql.Migrations;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.Storage;

/// <summary>
/// The migrations on real databases: a database the silo of main created and filled before migrations
/// existed (Fixtures/main-before-migrations.*.sql), in that shape or an older one, is upgraded without
/// losing a row and ends with the same catalogue (columns, indexes, constraints, triggers) as a fresh one.
/// </summary>
public abstract class SchemaMigrationTests : IDisposable
{
    private readonly List<string> _scratch = [];

    /// <summary>A new, empty database of this store.</summary>
    protected abstract ISqlDialect EmptyDatabase();

    /// <summary>One text per catalogue entry, in a stable order.</summary>
    protected abstract string[] CatalogueQueries { get; }

    protected abstract string FixtureName { get; }

    protected string ScratchSqlitePath()
    {
        var directory = Path.Combine(Path.GetTempPath(), "omp-migrations-" + Guid.NewGuid().ToString("N"));
        _scratch.Add(directory);
        return Path.Combine(directory, "metadata.db");
    }

    public void Dispose()
    {
        foreach (var directory in _scratch.Where(Directory.Exists))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The shapes of databases created before migrations: main's (hand-written version 3) and older ones made from it.</summary>
    public static TheoryData<string, string> LegacyShapes => new()
    {
        { "main (version 3)", "" },
        { "version 2 (before flexible checksums)", "ALTER TABLE parts DROP COLUMN checksum; ALTER TABLE objects DROP COLUMN checksum; ALTER TABLE uploads DROP COLUMN completed_checksum; UPDATE schema_version SET version = 2;" },
        { "before anonymous_write", "ALTER TABLE buckets DROP COLUMN anonymous_write;" },
        {
            "version 1 (the old runtime's tables, no version row)",
            """
            DELETE FROM schema_version;
            CREATE TABLE reminders (grain_type TEXT NOT NULL, grain_key TEXT NOT NULL, name TEXT NOT NULL, due_ms BIGINT NOT NULL, period_ms BIGINT NOT NULL);
            INSERT INTO reminders VALUES ('upload', 'u1', 'expire', 1, 2);
            CREATE TABLE grain_state (grain_type TEXT NOT NULL, grain_key TEXT NOT NULL, state_name TEXT NOT NULL, data TEXT NOT NULL, version BIGINT NOT NULL);
            """
        },
    };

    [Theory]
    [MemberData(nameof(LegacyShapes))]
    public async Task ADatabaseFromBeforeMigrationsIsUpgradedWithoutLosingARow(string shape, string alteration)
    {
        var legacy = await LegacyDatabaseAsync(alteration);
        var before = await RowsAsync(legacy);
        Assert.True(before.Values.Sum(rows => rows.Count) > 15, $"{shape}: the fixture holds only {before.Values.Sum(rows => rows.Count)} rows");

        var db = new SqlDatabase(legacy);
        await db.EnsureSchemaAsync();

        var scripts = MigrationScripts.For(legacy).Select(s => s.Name).ToList();
        Assert.Equal(scripts, await JournalAsync(legacy));
        Assert.Equal(before, await RowsAsync(legacy, before));
        foreach (var obsolete in new[] { "reminders", "grain_state", "schema_version" })
        {
            Assert.Equal(0, await WithConnectionAsync(legacy, c => c.ExecuteScalarAsync<long>(legacy.TableCountSql, new { table = obsolete })));
        }

        var fresh = EmptyDatabase();
        await new SqlDatabase(fresh).EnsureSchemaAsync();
        Assert.Equal(await CatalogueAsync(fresh), await CatalogueAsync(legacy));

        // The store works on the upgraded rows: the completed object reads, the open upload takes a part, its listing shows it.
        var store = new SqlMetadataStore(db, TimeProvider.System);
        var done = await store.GetObjectAsync("legacy", "done.bin");
        Assert.NotNull(done);
        Assert.Equal(2, (await store.GetSourcePartsAsync(done.SourceId)).Count);
        var open = await WithConnectionAsync(legacy, c => c.ExecuteScalarAsync<string>("SELECT upload_id FROM uploads WHERE object_key = 'open.bin' AND state = 0"));
        Assert.NotNull(open);
        Assert.True(await store.AddPartAsync("legacy", "open.bin", open, new PartInfo(2, 7, "etag-2", Guid.NewGuid().ToString("N"), DateTimeOffset.UtcNow)));
        Assert.Contains(await store.ListUploadsAsync("legacy", "", null, null, 100), u => u.UploadId == open);

        // A second start applies nothing and changes nothing.
        await new SqlDatabase(legacy).EnsureSchemaAsync();
        Assert.Equal(scripts, await JournalAsync(legacy));
    }

    [Fact]
    public async Task AFreshDatabaseJournalsEveryScriptOnceAndKeepsNoHandWrittenVersionTable()
    {
        var fresh = EmptyDatabase();
        await new SqlDatabase(fresh).EnsureSchemaAsync();
        await new SqlDatabase(fresh).EnsureSchemaAsync();
        Assert.Equal(MigrationScripts.For(fresh).Select(s => s.Name), await JournalAsync(fresh));
        Assert.Equal(0, await WithConnectionAsync(fresh, c => c.ExecuteScalarAsync<long>(fresh.TableCountSql, new { table = "schema_version" })));
        Assert.True(await WithConnectionAsync(fresh, c => c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM OrleansQuery")) >= 10);
    }

    /// <summary>
    /// The next numbered script (what a schema change adds) runs once on an adopted database and on a
    /// fresh one alike: adoption journals the baseline only.
    /// </summary>
    [Fact]
    public async Task ALaterScriptRunsOnceOnAnAdoptedDatabaseAndOnAFreshOne()
    {
        var scripts = MigrationScripts.For(EmptyDatabase()).Append(new SqlScript("9001_bucket_notes.sql", "ALTER TABLE buckets ADD COLUMN notes TEXT NULL;")).ToList();
        foreach (var dialect in new[] { await LegacyDatabaseAsync(""), EmptyDatabase() })
        {
            for (var start = 0; start < 2; start++)
            {
                await new SchemaMigrator(dialect, NullLogger.Instance, scripts).MigrateAsync(CancellationToken.None);
            }

            Assert.Equal(scripts.Select(s => s.Name), await JournalAsync(dialect));
            Assert.Equal(0, await WithConnectionAsync(dialect, c => c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM buckets WHERE notes IS NOT NULL")));
        }
    }

    /// <summary>A failing script leaves nothing of itself (one transaction), is not journalled, and stops the start.</summary>
    [Fact]
    public async Task AFailingScriptAppliesNothingAndStopsTheStart()
    {
        var dialect = EmptyDatabase();
        await new SqlDatabase(dialect).EnsureSchemaAsync();
        var scripts = MigrationScripts.For(dialect).Append(new SqlScript("9002_broken.sql", "CREATE TABLE half_done (a INTEGER); SELECT no_such_column FROM buckets;")).ToList();

        await Assert.ThrowsAsync<InvalidOperationException>(() => new SchemaMigrator(dialect, NullLogger.Instance, scripts).MigrateAsync(CancellationToken.None));

        Assert.Equal(MigrationScripts.For(dialect).Select(s => s.Name), await JournalAsync(dialect));
        Assert.Equal(0, await WithConnectionAsync(dialect, c => c.ExecuteScalarAsync<long>(dialect.TableCountSql, new { table = "half_done" })));
    }

    /// <summary>Progress is logged; the connection string (its password) never is.</summary>
    [Fact]
    public async Task MigrationLogsItsProgressAndNoSecret()
    {
        using var logs = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        var dialect = EmptyDatabase();
        await new SqlDatabase(dialect, factory).EnsureSchemaAsync();

        var messages = logs.Entries.Select(e => e.Message).ToList();
        Assert.Contains(messages, m => m.Contains($"applied {MigrationScripts.Baseline}", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("up to date", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("DbUp: ", StringComparison.Ordinal));
        Assert.DoesNotContain(messages, m => m.Contains(SecretPassword, StringComparison.Ordinal) || m.Contains(dialect.ConnectionString, StringComparison.Ordinal));
    }

    /// <summary>A password in the connection string (ignored by the test server's trust authentication), which no log line may show.</summary>
    protected const string SecretPassword = "omp-secret-password-4f1d";

    protected async Task<ISqlDialect> LegacyDatabaseAsync(string alteration)
    {
        var dialect = EmptyDatabase();
        var fixture = Fixture(FixtureName);
        await WithConnectionAsync(dialect, async c =>
        {
            await c.ExecuteAsync(fixture);
            if (alteration.Length > 0)
            {
                await c.ExecuteAsync(alteration);
            }

            return 0;
        });
        return dialect;
    }

    protected static async Task<List<string>> JournalAsync(ISqlDialect dialect) =>
        (await WithConnectionAsync(dialect, c => c.QueryAsync<string>($"SELECT scriptname FROM {SchemaMigrator.JournalTable} ORDER BY scriptname"))).ToList();

    protected async Task<List<string>> CatalogueAsync(ISqlDialect dialect)
    {
        var entries = new List<string>();
        foreach (var query in CatalogueQueries)
        {
            entries.AddRange(await WithConnectionAsync(dialect, c => c.QueryAsync<string>(query)));
        }

        return entries;
    }

    /// <summary>
    /// Every row of every table the legacy database holds (but the tables the upgrade drops and the
    /// query texts it rewrites), each as its column values; with <paramref name="columnsOf"/>, only
    /// those tables' columns then present, so that columns the upgrade adds do not count.
    /// </summary>
    private async Task<Dictionary<string, List<string>>> RowsAsync(ISqlDialect dialect, Dictionary<string, List<string>>? columnsOf = null)
    {
        var rows = new Dictionary<string, List<string>>();
        var tables = columnsOf?.Keys.ToList() ?? (await TablesAsync(dialect))
            .Where(t => t is not ("schema_version" or "reminders" or "grain_state" or "orleansquery" or "OrleansQuery"))
            .ToList();
        foreach (var table in tables)
        {
            var columns = columnsOf?[table] is [var header, ..] ? header.Split('|') : null;
            var read = await WithConnectionAsync(dialect, c => c.QueryAsync($"SELECT * FROM {table}"));
            var lines = read.Cast<IDictionary<string, object?>>()
                .Select(row => string.Join("|", (columns ?? row.Keys.Order(StringComparer.Ordinal).ToArray()).Select(column => $"{column}={Text(row[column])}")))
                .Order(StringComparer.Ordinal)
                .ToList();
            var names = columns ?? (read.FirstOrDefault() is IDictionary<string, object?> first ? first.Keys.Order(StringComparer.Ordinal).ToArray() : []);
            rows[table] = [string.Join("|", names), .. lines];
        }

        return rows;
    }

    private async Task<List<string>> TablesAsync(ISqlDialect dialect) =>
        (await WithConnectionAsync(dialect, c => c.QueryAsync<string>(dialect.Name == "postgres"
            ? "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
            : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"))).ToList();

    private static string Text(object? value) => value switch
    {
        null => "NULL",
        byte[] bytes => Convert.ToHexString(bytes),
        DateTime time => time.ToString("O", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    protected static async Task<T> WithConnectionAsync<T>(ISqlDialect dialect, Func<DbConnection, Task<T>> work)
    {
        await using var connection = dialect.CreateConnection();
        await connection.OpenAsync();
        return await work(connection);
    }

    private static string Fixture(string name)
    {
        using var stream = typeof(SchemaMigrationTests).Assembly.GetManifestResourceStream("Fixtures." + name)
            ?? throw new InvalidOperationException($"fixture {name} is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

public sealed class SqliteSchemaMigrationTests : SchemaMigrationTests
{
    protected override ISqlDialect EmptyDatabase() => new SqliteDialect(ScratchSqlitePath());

    protected override string FixtureName => "main-before-migrations.sqlite.sql";

    protected override string[] CatalogueQueries =>
    [
        """
        SELECT m.name || '.' || p.name || ' ' || p.type || ' notnull=' || p."notnull" || ' default=' || COALESCE(p.dflt_value, '') || ' pk=' || p.pk
        FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, p.cid
        """,
        "SELECT type || ' ' || name || ' on ' || tbl_name || ': ' || COALESCE(sql, '') FROM sqlite_master WHERE type IN ('index', 'trigger') ORDER BY type, name",
    ];
}

public sealed class PostgresSchemaMigrationTests : SchemaMigrationTests
{
    private const int Silos = 6;

    protected override ISqlDialect EmptyDatabase() =>
        new PostgresDialect(new NpgsqlConnectionStringBuilder(TestPostgres.CreateDatabase()) { Password = SecretPassword }.ConnectionString);

    protected override string FixtureName => "main-before-migrations.postgres.sql";

    protected override string[] CatalogueQueries =>
    [
        // Columns in table order (ranked: a column dropped and added again leaves a gap in ordinal_position).
        """
        SELECT table_name || '.' || column_name || ' #' || rank() OVER (PARTITION BY table_name ORDER BY ordinal_position) || ' ' || data_type || ' nullable=' || is_nullable
            || ' default=' || COALESCE(column_default, '') || ' collation=' || COALESCE(collation_name, '')
        FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position
        """,
        "SELECT indexname || ': ' || indexdef FROM pg_indexes WHERE schemaname = current_schema() ORDER BY indexname",
        "SELECT conrelid::regclass::text || ' ' || conname || ': ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = current_schema()::regnamespace ORDER BY 1",
        "SELECT tgrelid::regclass::text || ' ' || tgname || ': ' || pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1",
        "SELECT proname || ': ' || md5(prosrc) FROM pg_proc WHERE pronamespace = current_schema()::regnamespace ORDER BY 1",
    ];

    /// <summary>Silos starting together against one fresh database: each script runs once, every silo starts.</summary>
    [Fact]
    public async Task SilosStartingTogetherApplyEachScriptOnce()
    {
        var connectionString = EmptyDatabase().ConnectionString;
        await Task.WhenAll(Enumerable.Range(0, Silos).Select(_ => Task.Run(() => new SqlDatabase(new PostgresDialect(connectionString)).EnsureSchemaAsync())));
        var dialect = new PostgresDialect(connectionString);
        Assert.Equal(MigrationScripts.For(dialect).Select(s => s.Name), await JournalAsync(dialect));
    }

    /// <summary>Silos starting together against a database from before migrations: it is adopted once, and every silo starts.</summary>
    [Fact]
    public async Task SilosStartingTogetherAdoptADatabaseFromBeforeMigrationsOnce()
    {
        var legacy = await LegacyDatabaseAsync("");
        await Task.WhenAll(Enumerable.Range(0, Silos).Select(_ => Task.Run(() => new SqlDatabase(new PostgresDialect(legacy.ConnectionString)).EnsureSchemaAsync())));
        Assert.Equal(MigrationScripts.For(legacy).Select(s => s.Name), await JournalAsync(legacy));
        var fresh = EmptyDatabase();
        await new SqlDatabase(fresh).EnsureSchemaAsync();
        Assert.Equal(await CatalogueAsync(fresh), await CatalogueAsync(legacy));
    }
}
