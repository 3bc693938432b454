using Microsoft.Extensions.DependencyInjection;
using Orleans.Multipart.Grains;
using Orleans.Multipart.Grains.Storage;
using Orleans.Multipart.Silo.Storage.Sql;
using Orleans.Multipart.Silo.Storage.Sql.Migrations;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.Storage;

/// <summary>A fresh database per test, on SQLite or PostgreSQL, and the rows the store tests build from.</summary>
public abstract class MetadataStoreTestBase : IAsyncLifetime
{
    private SqlDatabase _db = null!;

    protected SqlDatabase Database => _db;

    protected SqlMetadataStore Store { get; private set; } = null!;

    protected abstract ISqlDialect CreateDialect();

    public async Task InitializeAsync()
    {
        _db = new SqlDatabase(CreateDialect());
        await _db.EnsureSchemaAsync();
        await _db.EnsureSchemaAsync(); // idempotent
        Store = new SqlMetadataStore(_db, TimeProvider.System);
    }

    private readonly List<string> _scratch = [];

    /// <summary>A SQLite database file in a directory of its own under the system temp directory, removed after the test.</summary>
    protected string ScratchSqlitePath(string prefix)
    {
        var directory = Path.Combine(Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N"));
        _scratch.Add(directory);
        return Path.Combine(directory, "metadata.db");
    }

    public Task DisposeAsync()
    {
        foreach (var directory in _scratch.Where(Directory.Exists))
        {
            Directory.Delete(directory, recursive: true);
        }

        return Task.CompletedTask;
    }

    protected static UploadRecord Upload(string bucket, string key) =>
        new(UploadIds.New(DateTimeOffset.UtcNow), bucket, key, UploadState.Open, DateTimeOffset.UtcNow, new ObjectSettings { ContentType = "text/plain" });

    protected static PartInfo Part(int n, long size = 10) => new(n, size, Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()), Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()), DateTimeOffset.UtcNow);

    protected async Task<string> Bucket(BucketRule rule = BucketRule.Concurrent)
    {
        var name = "b" + Guid.NewGuid().ToString("N")[..10];
        Assert.True(await Store.CreateBucketAsync(new BucketInfo(name, rule, DateTimeOffset.UtcNow)));
        return name;
    }
}

/// <summary>One contract, run against SQLite and PostgreSQL: what the grains rely on the database for.</summary>
public abstract class MetadataStoreContractTests : MetadataStoreTestBase
{
    /// <summary>A database from before migrations (no journal) and before the anonymous_write column gains it.</summary>
    [Fact]
    public async Task SchemaUpgradesADatabaseFromBeforeAnAddedColumn()
    {
        await Database.WriteAsync((c, t) => Dapper.SqlMapper.ExecuteAsync(c, $"{UndoAfterBaseline} ALTER TABLE buckets DROP COLUMN anonymous_write; DROP TABLE {SchemaMigrator.JournalTable}", transaction: t));
        var upgraded = new SqlDatabase(Database.Dialect);
        await upgraded.EnsureSchemaAsync();
        var store = new SqlMetadataStore(upgraded, TimeProvider.System);
        var name = "up" + Guid.NewGuid().ToString("N")[..10];
        Assert.True(await store.CreateBucketAsync(new BucketInfo(name, BucketRule.Concurrent, DateTimeOffset.UtcNow)));
        Assert.False((await store.GetBucketAsync(name))!.AnonymousWrite);
    }

    /// <summary>A version-2 database (before flexible checksums and migrations) gains the checksum columns and keeps a part's and an object's checksum from then on.</summary>
    [Fact]
    public async Task SchemaUpgradesAVersion2DatabaseToChecksumColumns()
    {
        await Database.WriteAsync((c, t) => Dapper.SqlMapper.ExecuteAsync(
            c,
            $"""
            ALTER TABLE parts DROP COLUMN checksum; ALTER TABLE objects DROP COLUMN checksum; ALTER TABLE uploads DROP COLUMN completed_checksum;
            {UndoAfterBaseline}
            DROP TABLE {SchemaMigrator.JournalTable};
            CREATE TABLE schema_version (id INTEGER PRIMARY KEY, version INTEGER NOT NULL); INSERT INTO schema_version (id, version) VALUES (1, 2);
            """,
            transaction: t));
        var upgraded = new SqlDatabase(Database.Dialect);
        await upgraded.EnsureSchemaAsync();
        var store = new SqlMetadataStore(upgraded, TimeProvider.System);
        Assert.Equal(AllScripts, await JournalAsync(upgraded));
        Assert.Equal(0, await upgraded.ReadAsync(c => Dapper.SqlMapper.ExecuteScalarAsync<long>(c, TableCountSql("schema_version"))));

        var bucket = await Bucket();
        var upload = Upload(bucket, "k");
        await store.InsertUploadAsync(upload);
        var checksum = new ChecksumValue(FlexibleChecksumAlgorithm.Crc32C, [1, 2, 3, 4]);
        Assert.True(await store.AddPartAsync(bucket, "k", upload.UploadId, Part(1) with { Checksum = checksum }));
        var objectChecksum = new ObjectChecksum(FlexibleChecksumAlgorithm.Crc32C, ChecksumCombination.Composite, [9, 8, 7, 6], 1);
        var result = await store.CompleteUploadAsync(bucket, "k", upload.UploadId, (stored, _) => new CompletionPlan(stored, "e-1", 10, objectChecksum), _ => true, DateTimeOffset.UtcNow);
        Assert.Equal(objectChecksum.Format(), result.Checksum?.Format());
        Assert.True(checksum.SameAs(Assert.Single(await store.GetSourcePartsAsync(upload.UploadId)).Checksum));
        Assert.Equal(objectChecksum.Format(), (await store.GetObjectAsync(bucket, "k"))?.Checksum?.Format());

        // A retried Complete answers the stored result, checksum included.
        var again = await store.CompleteUploadAsync(bucket, "k", upload.UploadId, (_, _) => throw new InvalidOperationException(), _ => true, DateTimeOffset.UtcNow);
        Assert.Equal(objectChecksum.Format(), again.Checksum?.Format());
    }

    /// <summary>A database of the old runtime (version 1: its reminders and grain_state tables, no version row, no journal) is upgraded once to Orleans' providers.</summary>
    [Fact]
    public async Task SchemaUpgradesAVersion1DatabaseToOrleansProviders()
    {
        await Database.WriteAsync((c, t) => Dapper.SqlMapper.ExecuteAsync(
            c,
            $"""
            {UndoAfterBaseline}
            DROP TABLE {SchemaMigrator.JournalTable};
            DELETE FROM OrleansQuery;
            CREATE TABLE reminders (grain_type TEXT NOT NULL, grain_key TEXT NOT NULL, name TEXT NOT NULL, due_ms BIGINT NOT NULL, period_ms BIGINT NOT NULL);
            CREATE TABLE grain_state (grain_type TEXT NOT NULL, grain_key TEXT NOT NULL, state_name TEXT NOT NULL, data TEXT NOT NULL, version BIGINT NOT NULL);
            """,
            transaction: t));
        var upgraded = new SqlDatabase(Database.Dialect);
        await upgraded.EnsureSchemaAsync();

        var (keys, oldTables) = await upgraded.ReadAsync(async c => (
            (await Dapper.SqlMapper.QueryAsync<string>(c, "SELECT QueryKey FROM OrleansQuery")).ToHashSet(),
            await Dapper.SqlMapper.ExecuteScalarAsync<long>(c, TableCountSql("reminders", "grain_state"))));
        Assert.Equal(AllScripts, await JournalAsync(upgraded));
        Assert.Equal(0, oldTables);
        Assert.Superset(
            new HashSet<string> { "ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey", "UpsertReminderRowKey", "ReadReminderRowKey", "ReadReminderRowsKey", "ReadRangeRows1Key", "ReadRangeRows2Key", "DeleteReminderRowKey", "DeleteReminderRowsKey" },
            keys);
    }

    [Fact]
    public async Task ExpirySweepQuerySeesOnlyOpenUploadsInitiatedBeforeTheCutoff()
    {
        var bucket = await Bucket();
        var old = Upload(bucket, "old") with { Initiated = DateTimeOffset.UtcNow.AddDays(-8) };
        var aborted = Upload(bucket, "aborted") with { Initiated = DateTimeOffset.UtcNow.AddDays(-9) };
        var young = Upload(bucket, "young");
        await Store.InsertUploadAsync(old);
        await Store.InsertUploadAsync(aborted);
        await Store.InsertUploadAsync(young);
        Assert.True(await Store.AbortUploadAsync(bucket, "aborted", aborted.UploadId));

        var expired = await Store.ListOpenUploadsInitiatedBeforeAsync(DateTimeOffset.UtcNow.AddDays(-7), 1000);
        var mine = expired.Where(u => u.Bucket == bucket).Select(u => u.UploadId).ToList();
        Assert.Equal([old.UploadId], mine);
    }

    /// <summary>Takes out what the scripts after the baseline added, so that a test's database looks like one from before migrations.</summary>
    private const string UndoAfterBaseline =
        "DROP TABLE object_versions; ALTER TABLE uploads DROP COLUMN completed_version_id; ALTER TABLE objects DROP COLUMN version_seq; ALTER TABLE objects DROP COLUMN version_id; ALTER TABLE buckets DROP COLUMN versioning; "
        + "DROP INDEX buckets_owner; ALTER TABLE buckets DROP COLUMN owner; DROP TABLE access_keys; DROP TABLE accounts;";

    /// <summary>Every script an upgraded database has journalled: the baseline (adopted) and each later one.</summary>
    private List<string> AllScripts => MigrationScripts.For(Database.Dialect).Select(script => script.Name).ToList();

    private static async Task<List<string>> JournalAsync(SqlDatabase db) =>
        (await db.ReadAsync(c => Dapper.SqlMapper.QueryAsync<string>(c, $"SELECT scriptname FROM {SchemaMigrator.JournalTable} ORDER BY scriptname"))).ToList();

    private string TableCountSql(params string[] tables) => Database.Dialect.Name == "postgres"
        ? $"SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name IN ({string.Join(", ", tables.Select(t => $"'{t}'"))})"
        : $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ({string.Join(", ", tables.Select(t => $"'{t}'"))})";

    [Fact]
    public async Task BucketsAreCreatedOnceListedAndDeleted()
    {
        var name = await Bucket(BucketRule.Exclusive);
        Assert.False(await Store.CreateBucketAsync(new BucketInfo(name, BucketRule.Concurrent, DateTimeOffset.UtcNow)));
        Assert.Equal(BucketRule.Exclusive, (await Store.GetBucketAsync(name))!.Rule);
        Assert.Contains(await Store.ListBucketsAsync(), b => b.Name == name);
        Assert.Equal(DeleteBucketOutcome.Deleted, await Store.DeleteBucketAsync(name));
        Assert.Equal(DeleteBucketOutcome.NotFound, await Store.DeleteBucketAsync(name));
    }

    [Fact]
    public async Task BucketsListByOwner()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        foreach (var (name, owner) in new[] { ("a1-" + suffix, "alice"), ("b1-" + suffix, "bob"), ("a2-" + suffix, "alice") })
        {
            Assert.True(await Store.CreateBucketAsync(new BucketInfo(name, BucketRule.Concurrent, DateTimeOffset.UtcNow, Owner: owner)));
        }

        Assert.Equal(["a1-" + suffix, "a2-" + suffix], (await Store.ListBucketsAsync("alice")).Select(b => b.Name));
        Assert.All(await Store.ListBucketsAsync("alice"), b => Assert.Equal("alice", b.Owner));
        Assert.Equal(["b1-" + suffix], (await Store.ListBucketsAsync("bob")).Select(b => b.Name));
        Assert.Empty(await Store.ListBucketsAsync("carol"));
        Assert.Equal(3, (await Store.ListBucketsAsync()).Count(b => b.Name.EndsWith(suffix, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task PartsRegisterReplaceAndPage()
    {
        var bucket = await Bucket();
        var upload = Upload(bucket, "k");
        await Store.InsertUploadAsync(upload);
        for (var n = 1; n <= 25; n++)
        {
            Assert.True(await Store.AddPartAsync(bucket, "k", upload.UploadId, Part(n)));
        }

        var replacement = Part(7, 99);
        Assert.True(await Store.AddPartAsync(bucket, "k", upload.UploadId, replacement));
        Assert.False(await Store.AddPartAsync(bucket, "other-key", upload.UploadId, Part(1)));

        var (page1, more1) = await Store.ListPartsAsync(upload.UploadId, 0, 10);
        var (page3, more3) = await Store.ListPartsAsync(upload.UploadId, 20, 10);
        Assert.Equal(Enumerable.Range(1, 10), page1.Select(p => p.PartNumber));
        Assert.True(more1);
        Assert.Equal(Enumerable.Range(21, 5), page3.Select(p => p.PartNumber));
        Assert.False(more3);
        Assert.Equal(99, page1.Single(p => p.PartNumber == 7).Size);
        Assert.Single(await Store.ReadGarbageAsync(DateTimeOffset.UtcNow.AddMinutes(1), 100));
    }

    [Fact]
    public async Task TheSamePartRegisteredTwiceKeepsItsBlobOutOfTheGarbage()
    {
        // A registration that runs twice (a retried call whose first run committed) must not hand the
        // part's own blob to the collector: that deleted acknowledged bytes under a kill -9.
        var bucket = await Bucket();
        var upload = Upload(bucket, "k");
        await Store.InsertUploadAsync(upload);
        var part = Part(1);
        Assert.True(await Store.AddPartAsync(bucket, "k", upload.UploadId, part));
        Assert.True(await Store.AddPartAsync(bucket, "k", upload.UploadId, part));

        Assert.Empty(await Store.ReadGarbageAsync(DateTimeOffset.UtcNow.AddMinutes(1), 100));
        Assert.Equal(0, await Store.CountInvariantViolationsAsync());
    }

    [Fact]
    public async Task CompleteHappensOnceAndClosesTheUpload()
    {
        var bucket = await Bucket();
        var upload = Upload(bucket, "k");
        await Store.InsertUploadAsync(upload);
        await Store.AddPartAsync(bucket, "k", upload.UploadId, Part(1));
        await Store.AddPartAsync(bucket, "k", upload.UploadId, Part(2));
        var calls = 0;
        CompletionPlan Plan(IReadOnlyList<PartInfo> parts, ObjectRecord? current)
        {
            calls++;
            return new CompletionPlan(parts.Where(p => p.PartNumber == 2).ToList(), "etag-1", 10);
        }

        var first = await Store.CompleteUploadAsync(bucket, "k", upload.UploadId, Plan, _ => true, DateTimeOffset.UtcNow);
        var again = await Store.CompleteUploadAsync(bucket, "k", upload.UploadId, Plan, _ => true, DateTimeOffset.UtcNow);
        Assert.Equal(first, again);
        Assert.Equal(1, calls);
        IReadOnlyList<PartInfo>? seen = null;
        var other = await Assert.ThrowsAsync<MultipartException>(() => Store.CompleteUploadAsync(bucket, "k", upload.UploadId, Plan, kept => { seen = kept; return false; }, DateTimeOffset.UtcNow));
        Assert.Equal(MultipartError.NoSuchUpload, other.Error);
        Assert.Equal([2], seen!.Select(p => p.PartNumber));
        Assert.False(await Store.AddPartAsync(bucket, "k", upload.UploadId, Part(3)));
        Assert.False(await Store.AbortUploadAsync(bucket, "k", upload.UploadId));
        var obj = await Store.GetObjectAsync(bucket, "k");
        Assert.Equal("etag-1", obj!.ETag);
        Assert.Equal([2], (await Store.GetSourcePartsAsync(obj.SourceId)).Select(p => p.PartNumber));
        Assert.Equal(0, await Store.CountInvariantViolationsAsync());
    }

    [Fact]
    public async Task AFailedPlanChangesNothing()
    {
        var bucket = await Bucket();
        var upload = Upload(bucket, "k");
        await Store.InsertUploadAsync(upload);
        await Store.AddPartAsync(bucket, "k", upload.UploadId, Part(1));
        await Assert.ThrowsAsync<MultipartException>(() => Store.CompleteUploadAsync(bucket, "k", upload.UploadId,
            (_, _) => throw new MultipartException(MultipartError.InvalidPart, "no"), _ => true, DateTimeOffset.UtcNow));
        Assert.Equal(UploadState.Open, (await Store.GetUploadAsync(upload.UploadId))!.State);
        Assert.Null(await Store.GetObjectAsync(bucket, "k"));
        Assert.True(await Store.AddPartAsync(bucket, "k", upload.UploadId, Part(2)));
    }

    [Fact]
    public async Task ExclusiveBucketAllowsOneOpenUploadEvenUnderARace()
    {
        var bucket = await Bucket(BucketRule.Exclusive);
        var attempts = await Task.WhenAll(Enumerable.Range(0, 40).Select(async _ =>
        {
            try
            {
                await Store.InsertUploadAsync(Upload(bucket, "k"));
                return true;
            }
            catch (MultipartException ex) when (ex.Error == MultipartError.UploadInProgress)
            {
                return false;
            }
        }));
        Assert.Equal(1, attempts.Count(a => a));
        var open = await Store.ListUploadsAsync(bucket, "", null, null, 100);
        Assert.Single(open);

        // No PUT either while it is open; after abort the key is free again.
        var ex = await Assert.ThrowsAsync<MultipartException>(() => Store.PutObjectAsync(
            new ObjectRecord(bucket, "k", "src1", 1, "e", 0, DateTimeOffset.UtcNow, new ObjectSettings()), Part(1), _ => { }));
        Assert.Equal(MultipartError.UploadInProgress, ex.Error);
        Assert.True(await Store.AbortUploadAsync(bucket, "k", open[0].UploadId));
        await Store.PutObjectAsync(new ObjectRecord(bucket, "k", "src2", 1, "e", 0, DateTimeOffset.UtcNow, new ObjectSettings()), Part(1), _ => { });
        var exists = await Assert.ThrowsAsync<MultipartException>(() => Store.InsertUploadAsync(Upload(bucket, "k")));
        Assert.Equal(MultipartError.ObjectAlreadyExists, exists.Error);
    }

    [Fact]
    public async Task ConcurrentBucketAllowsManyUploadsPerKey()
    {
        var bucket = await Bucket();
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Store.InsertUploadAsync(Upload(bucket, "k"))));
        Assert.Equal(20, (await Store.ListUploadsAsync(bucket, "", null, null, 100)).Count);
    }

    [Fact]
    public async Task UploadListingUsesKeyAndUploadIdMarkers()
    {
        var bucket = await Bucket();
        var uploads = new List<UploadRecord>();
        foreach (var key in new[] { "a/1", "a/2", "b", "b", "c" })
        {
            var u = Upload(bucket, key);
            uploads.Add(u);
            await Store.InsertUploadAsync(u);

            // The next upload's initiation time (and ID) must be later than this one's: the clock's millisecond moves on.
            while (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() <= u.Initiated.ToUnixTimeMilliseconds())
            {
                await Task.Yield();
            }
        }

        var all = await Store.ListUploadsAsync(bucket, "", null, null, 100);
        Assert.Equal(["a/1", "a/2", "b", "b", "c"], all.Select(u => u.Key));
        var afterFirstB = await Store.ListUploadsAsync(bucket, "", "b", all[2].UploadId, 100);
        Assert.Equal([all[3].UploadId, all[4].UploadId], afterFirstB.Select(u => u.UploadId));
        var afterB = await Store.ListUploadsAsync(bucket, "", "b", null, 100);
        Assert.Equal(["c"], afterB.Select(u => u.Key));
    }

    [Fact]
    public async Task AbortMovesPartsToGarbageAndDeleteBucketAbortsOpenUploads()
    {
        var bucket = await Bucket();
        var upload = Upload(bucket, "k");
        await Store.InsertUploadAsync(upload);
        var part = Part(1);
        await Store.AddPartAsync(bucket, "k", upload.UploadId, part);
        Assert.True(await Store.IsBlobKnownAsync(part.BlobId));
        Assert.Equal(DeleteBucketOutcome.Deleted, await Store.DeleteBucketAsync(bucket));
        Assert.Equal(UploadState.Aborted, (await Store.GetUploadAsync(upload.UploadId))!.State);
        Assert.Contains(part.BlobId, await Store.ReadGarbageAsync(DateTimeOffset.UtcNow.AddMinutes(1), 100));
        await Store.ForgetGarbageAsync([part.BlobId]);
        Assert.False(await Store.IsBlobKnownAsync(part.BlobId));
    }

    [Fact]
    public async Task NonEmptyBucketIsNotDeleted()
    {
        var bucket = await Bucket();
        await Store.PutObjectAsync(new ObjectRecord(bucket, "k", "s" + Guid.NewGuid().ToString("N"), 1, "e", 0, DateTimeOffset.UtcNow, new ObjectSettings()), Part(1), _ => { });
        Assert.Equal(DeleteBucketOutcome.NotEmpty, await Store.DeleteBucketAsync(bucket));
        Assert.True(await Store.DeleteObjectAsync(bucket, "k"));
        Assert.False(await Store.DeleteObjectAsync(bucket, "k"));
        Assert.Equal(DeleteBucketOutcome.Deleted, await Store.DeleteBucketAsync(bucket));
    }

}

public sealed class SqliteMetadataStoreTests : MetadataStoreContractTests
{
    protected override ISqlDialect CreateDialect() =>
        new SqliteDialect(ScratchSqlitePath("omp-contract-"));
}

public sealed class PostgresMetadataStoreTests : MetadataStoreContractTests
{
    protected override ISqlDialect CreateDialect() => new PostgresDialect(TestPostgres.CreateDatabase());
}
