using Dapper;
using Orleans.Multipart.Grains;
using Orleans.Multipart.Grains.Storage;
using Orleans.Multipart.Silo.Storage.Sql;
using Orleans.Multipart.Silo.Storage.Sql.Migrations;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.Storage;

/// <summary>
/// What the lifecycle sweep's pass over versions relies on the database for: each version stores when it became
/// noncurrent (its successor's write; 0005), so the sweep reads only the versions noncurrent since before its cut-off and
/// the lone delete markers written before theirs, each with how many noncurrent versions are newer; the batched expiry
/// deletes a version only while it is still noncurrent since the time read (never one a delete by version ID has made
/// current since, nor one made noncurrent again by a later write) and a marker only while it is still its key's only
/// version, and the blobs of expired versions become garbage while every live version keeps its own. Existing versions
/// get their time from the migration. Run against SQLite and PostgreSQL.
/// </summary>
public abstract class LifecycleNoncurrentContractTests : MetadataStoreTestBase
{
    private static readonly DateTimeOffset Far = DateTimeOffset.UtcNow.AddYears(1);

    private async Task<string> PutAsync(string bucket, string key, DateTimeOffset modified)
    {
        var part = Part(1, 5);
        var obj = new ObjectRecord(bucket, key, UploadIds.New(DateTimeOffset.UtcNow), part.Size, part.ETag, 0, modified, new ObjectSettings());
        return (await Store.PutObjectAsync(obj, part, _ => { }))!;
    }

    private async Task<string> VersionedBucketAsync()
    {
        var bucket = await Bucket();
        Assert.Equal(BucketVersioningOutcome.Set, await Store.SetBucketVersioningAsync(bucket, BucketVersioning.Enabled));
        return bucket;
    }

    private async Task<List<string>> VersionIdsAsync(string bucket, string key) =>
        (await Store.ListObjectVersionsAsync(bucket, key, null, null, 1000)).Where(e => e.Summary.Key == key).Select(e => e.Summary.VersionId).ToList();

    /// <summary>Every noncurrent version noncurrent since before <paramref name="before"/>, read in pages of one row: the keyset cursor must carry on within a time and a key and across them.</summary>
    private async Task<List<NoncurrentVersionCandidate>> NoncurrentAsync(string bucket, DateTimeOffset before)
    {
        var all = new List<NoncurrentVersionCandidate>();
        (DateTimeOffset, string, long)? after = null;
        while (await Store.ListNoncurrentVersionsAsync(bucket, before, after, 1) is [var row])
        {
            all.Add(row);
            after = (row.NoncurrentSince!.Value, row.Key, row.Position);
        }

        return all;
    }

    private async Task<List<NoncurrentVersionCandidate>> LoneMarkersAsync(string bucket, DateTimeOffset before)
    {
        var all = new List<NoncurrentVersionCandidate>();
        (string, long)? after = null;
        while (await Store.ListLoneDeleteMarkersAsync(bucket, before, after, 1) is [var row])
        {
            all.Add(row);
            after = (row.Key, row.Position);
        }

        return all;
    }

    private Task<int> ExpireAsync(string bucket, params NoncurrentVersionCandidate[] read) =>
        Store.ExpireVersionsAsync(bucket, read.Select(v => new ExpiringVersion(v.Key, v.VersionId, v.NoncurrentSince)).ToList());

    // Times as stored: milliseconds.
    private static long? Ms(DateTimeOffset? at) => at?.ToUnixTimeMilliseconds();

    [Fact]
    public async Task CandidatesCarryWhenEachVersionBecameNoncurrentAndHowManyAreNewer()
    {
        var bucket = await VersionedBucketAsync();
        var t0 = DateTimeOffset.UtcNow.AddDays(-10);
        var v1 = await PutAsync(bucket, "k", t0);
        var v2 = await PutAsync(bucket, "k", t0.AddDays(1));
        await PutAsync(bucket, "k", t0.AddDays(2)); // current: never a candidate
        await PutAsync(bucket, "other", t0);        // one version only: nothing noncurrent
        var o1 = await PutAsync(bucket, "a", t0.AddDays(1));
        await PutAsync(bucket, "a", t0.AddDays(2)); // "a"'s first version is noncurrent since the same time as k's v2: ordered by key then
        var marker = (await Store.DeleteObjectVersionAsync(bucket, "gone", null))!.VersionId!; // a marker with nothing under it

        Assert.Equal(
            [
                ("k", v1, Ms(t0.AddDays(1)), 1),
                ("a", o1, Ms(t0.AddDays(2)), 0),
                ("k", v2, Ms(t0.AddDays(2)), 0),
            ],
            (await NoncurrentAsync(bucket, Far)).Select(c => (c.Key, c.VersionId, Ms(c.NoncurrentSince), c.NewerNoncurrent)));
        Assert.Equal([("gone", marker, true, true)], (await LoneMarkersAsync(bucket, Far)).Select(c => (c.Key, c.VersionId, c.IsDeleteMarker, c.OnlyVersion)));
        Assert.Empty(await NoncurrentAsync(await Bucket(), Far)); // never versioned: nothing to read
    }

    /// <summary>The pass reads only candidates: versions noncurrent since after the cut-off, markers written after theirs, and markers hiding older versions are not read.</summary>
    [Fact]
    public async Task OnlyVersionsNoncurrentBeforeTheCutOffAndLoneMarkersWrittenBeforeTheirsAreRead()
    {
        var bucket = await VersionedBucketAsync();
        var t0 = DateTimeOffset.UtcNow.AddDays(-10);
        var old = await PutAsync(bucket, "k", t0);
        var recent = await PutAsync(bucket, "k", t0.AddDays(5));
        await PutAsync(bucket, "k", t0.AddDays(9));
        await PutAsync(bucket, "hidden", t0);
        var hiding = (await Store.DeleteObjectVersionAsync(bucket, "hidden", null))!.VersionId!; // latest marker, not alone
        var lone = (await Store.DeleteObjectVersionAsync(bucket, "lone", null))!.VersionId!;

        Assert.Equal([old], (await NoncurrentAsync(bucket, t0.AddDays(6))).Select(c => c.VersionId));
        Assert.Equal([old, recent], (await NoncurrentAsync(bucket, t0.AddDays(9))).Select(c => c.VersionId));
        Assert.Empty(await LoneMarkersAsync(bucket, DateTimeOffset.UtcNow.AddMinutes(-10)));
        Assert.Equal([lone], (await LoneMarkersAsync(bucket, Far)).Select(c => c.VersionId));
        Assert.DoesNotContain(hiding, (await NoncurrentAsync(bucket, Far)).Select(c => c.VersionId));
    }

    [Fact]
    public async Task AVersionMadeCurrentAgainSinceTheReadIsNotExpired()
    {
        var bucket = await VersionedBucketAsync();
        var v1 = await PutAsync(bucket, "k", DateTimeOffset.UtcNow.AddDays(-3));
        var v2 = await PutAsync(bucket, "k", DateTimeOffset.UtcNow.AddDays(-2));
        var v3 = await PutAsync(bucket, "k", DateTimeOffset.UtcNow.AddDays(-1));
        var read = await NoncurrentAsync(bucket, Far);
        Assert.Equal([v1, v2], read.Select(c => c.VersionId));

        // A user deletes the current version by ID: v2 is current again, and the sweep's read of it as noncurrent is stale.
        await Store.DeleteObjectVersionAsync(bucket, "k", v3);
        Assert.Equal(1, await ExpireAsync(bucket, [.. read]));
        Assert.Equal(v2, (await Store.GetObjectAsync(bucket, "k"))?.VersionId);
        Assert.Equal(0, await ExpireAsync(bucket, read[0])); // gone already
        Assert.Equal([v2], await VersionIdsAsync(bucket, "k"));
        Assert.Equal(0, await Store.CountInvariantViolationsAsync());
    }

    /// <summary>
    /// A delete marker read as noncurrent, made the latest version again by a delete by version ID and then noncurrent again
    /// by a new PUT, counts its days from the PUT: the stale read does not expire it, a fresh one carries the PUT's time.
    /// </summary>
    [Fact]
    public async Task AVersionNoncurrentAgainByANewPutStartsItsDaysAgain()
    {
        var bucket = await VersionedBucketAsync();
        var t0 = DateTimeOffset.UtcNow.AddDays(-10);
        var marker = (await Store.DeleteObjectVersionAsync(bucket, "k", null))!.VersionId!;
        var v1 = await PutAsync(bucket, "k", t0);
        var read = await NoncurrentAsync(bucket, Far);
        Assert.Equal([(marker, Ms(t0))], read.Select(c => (c.VersionId, Ms(c.NoncurrentSince))));

        await Store.DeleteObjectVersionAsync(bucket, "k", v1); // the marker is the key's latest and only version again
        Assert.Empty(await NoncurrentAsync(bucket, Far));
        Assert.Equal([marker], (await LoneMarkersAsync(bucket, Far)).Select(c => c.VersionId));
        var now = DateTimeOffset.UtcNow;
        var v2 = await PutAsync(bucket, "k", now);

        Assert.Equal(0, await ExpireAsync(bucket, [.. read]));
        Assert.Equal([v2, marker], await VersionIdsAsync(bucket, "k"));
        Assert.Equal([(marker, Ms(now))], (await NoncurrentAsync(bucket, Far)).Select(c => (c.VersionId, Ms(c.NoncurrentSince))));
        Assert.Empty(await NoncurrentAsync(bucket, now.AddMilliseconds(-1)));
        Assert.Equal(0, await Store.CountInvariantViolationsAsync());
    }

    [Fact]
    public async Task AMarkerIsRemovedOnlyWhileItIsItsKeysOnlyVersion()
    {
        var bucket = await VersionedBucketAsync();
        var v1 = await PutAsync(bucket, "k", DateTimeOffset.UtcNow.AddDays(-2));
        var marker = (await Store.DeleteObjectVersionAsync(bucket, "k", null))!.VersionId!;
        var asLone = new ExpiringVersion("k", marker, null);

        // The marker hides v1: not alone, so not removed.
        Assert.Equal(0, await Store.ExpireVersionsAsync(bucket, [asLone]));
        Assert.Equal(1, await ExpireAsync(bucket, [.. await NoncurrentAsync(bucket, Far)]));
        Assert.Equal([marker], await VersionIdsAsync(bucket, "k"));

        // Alone now: removed, and the key has no version left. A marker read alone but written over since stays.
        Assert.Equal([marker], (await LoneMarkersAsync(bucket, Far)).Select(c => c.VersionId));
        Assert.Equal(1, await Store.ExpireVersionsAsync(bucket, [asLone]));
        Assert.Empty(await VersionIdsAsync(bucket, "k"));
        var again = (await Store.DeleteObjectVersionAsync(bucket, "j", null))!.VersionId!;
        var written = await PutAsync(bucket, "j", DateTimeOffset.UtcNow);
        Assert.Equal(0, await Store.ExpireVersionsAsync(bucket, [new ExpiringVersion("j", again, null)]));
        Assert.Equal([written, again], await VersionIdsAsync(bucket, "j"));
        Assert.Equal(0, await Store.CountInvariantViolationsAsync());
    }

    [Fact]
    public async Task AnExpiredVersionsBlobsBecomeGarbageAndTheCurrentOnesStay()
    {
        var bucket = await VersionedBucketAsync();
        var v1 = await PutAsync(bucket, "k", DateTimeOffset.UtcNow.AddDays(-2));
        await PutAsync(bucket, "k", DateTimeOffset.UtcNow);
        var expiredSource = (await Store.GetObjectVersionAsync(bucket, "k", v1))!.Record.SourceId;
        var expiredBlobs = (await Store.GetSourcePartsAsync(expiredSource)).Select(p => p.BlobId).ToList();
        var currentBlobs = (await Store.GetSourcePartsAsync((await Store.GetObjectAsync(bucket, "k"))!.SourceId)).Select(p => p.BlobId).ToList();

        Assert.Equal(1, await ExpireAsync(bucket, [.. await NoncurrentAsync(bucket, Far)]));

        var garbage = (await Store.ReadGarbageAsync(DateTimeOffset.UtcNow.AddMinutes(1), 100_000)).ToHashSet();
        Assert.All(expiredBlobs, b => Assert.Contains(b, garbage));
        Assert.All(currentBlobs, b => Assert.DoesNotContain(b, garbage));
        Assert.Equal(0, await Store.CountInvariantViolationsAsync());
    }

    /// <summary>
    /// One batch over many keys racing deletes by version ID (which make its versions current again) and new PUTs (which
    /// make more noncurrent): every version the batch deletes was noncurrent when it went, none made current is lost, the
    /// new writes all stay, and the database's invariants hold.
    /// </summary>
    [Fact]
    public async Task ABatchRacingDeletesByVersionIdAndNewPutsLosesNoLiveVersion()
    {
        const int Keys = 40;
        var bucket = await VersionedBucketAsync();
        var t0 = DateTimeOffset.UtcNow.AddDays(-5);
        var first = new Dictionary<string, string>();
        var second = new Dictionary<string, string>();
        foreach (var key in Enumerable.Range(0, Keys).Select(i => $"key{i:D3}"))
        {
            first[key] = await PutAsync(bucket, key, t0);
            second[key] = await PutAsync(bucket, key, t0.AddDays(1));
        }

        var read = await NoncurrentAsync(bucket, Far);
        Assert.Equal(Keys, read.Count);

        // Even keys: their current version is deleted by ID (the first becomes current again). Odd keys: a new PUT.
        var third = new System.Collections.Concurrent.ConcurrentDictionary<string, string>();
        var racers = first.Keys.Select((key, i) => i % 2 == 0
            ? Task.Run(() => Store.DeleteObjectVersionAsync(bucket, key, second[key]))
            : Task.Run(async () => { third[key] = await PutAsync(bucket, key, DateTimeOffset.UtcNow); return (DeleteResult?)null; })).ToList();
        var batch = Task.Run(() => ExpireAsync(bucket, [.. read]));
        await Task.WhenAll(racers.Cast<Task>().Append(batch));

        var evenExpired = 0;
        foreach (var (key, i) in first.Keys.Select((key, i) => (key, i)))
        {
            var versions = await VersionIdsAsync(bucket, key);
            if (i % 2 == 0)
            {
                // Either the batch went first (the first version gone, then the second deleted: nothing left) or the delete did
                // (the first version current again, and kept).
                if (versions.Count == 0)
                {
                    evenExpired++;
                }
                else
                {
                    Assert.Equal([first[key]], versions);
                    Assert.Equal(first[key], (await Store.GetObjectAsync(bucket, key))?.VersionId);
                }
            }
            else
            {
                // Noncurrent whichever went first: expired; the PUT's version is current and the second one stays.
                Assert.Equal([third[key], second[key]], versions);
            }
        }

        Assert.Equal(Keys / 2 + evenExpired, await batch);
        Assert.Equal(0, await Store.CountInvariantViolationsAsync());
    }

    /// <summary>Versions written before 0005 get when they became noncurrent from the migration: their successor's write; a latest marker none.</summary>
    [Fact]
    public async Task TheMigrationGivesExistingVersionsWhenTheyBecameNoncurrent()
    {
        var bucket = await VersionedBucketAsync();
        var t0 = DateTimeOffset.UtcNow.AddDays(-10);
        await PutAsync(bucket, "k", t0);
        await PutAsync(bucket, "k", t0.AddDays(1));
        await PutAsync(bucket, "k", t0.AddDays(2));
        await PutAsync(bucket, "hidden", t0);
        await Store.DeleteObjectVersionAsync(bucket, "hidden", null);
        await Store.DeleteObjectVersionAsync(bucket, "lone", null);
        var noncurrent = (await NoncurrentAsync(bucket, Far)).Select(c => (c.Key, c.VersionId, Ms(c.NoncurrentSince))).ToList();
        var markers = (await LoneMarkersAsync(bucket, Far)).Select(c => c.VersionId).ToList();
        Assert.Equal(3, noncurrent.Count);
        Assert.Single(markers);

        // The database as it was before 0005, then upgraded.
        await Database.WriteAsync((c, t) => c.ExecuteAsync(
            $"DROP INDEX object_versions_noncurrent; ALTER TABLE object_versions DROP COLUMN noncurrent_since_ms; DELETE FROM {SchemaMigrator.JournalTable} WHERE scriptname = '0005_noncurrent_since.sql'",
            transaction: t));
        await new SqlDatabase(Database.Dialect).EnsureSchemaAsync();

        Assert.Equal(noncurrent, (await NoncurrentAsync(bucket, Far)).Select(c => (c.Key, c.VersionId, Ms(c.NoncurrentSince))));
        Assert.Equal(markers, (await LoneMarkersAsync(bucket, Far)).Select(c => c.VersionId));
    }
}

public sealed class SqliteLifecycleNoncurrentContractTests : LifecycleNoncurrentContractTests
{
    protected override ISqlDialect CreateDialect() => new SqliteDialect(ScratchSqlitePath("omp-lifecycle-noncurrent-"));
}

public sealed class PostgresLifecycleNoncurrentContractTests : LifecycleNoncurrentContractTests
{
    protected override ISqlDialect CreateDialect() => new PostgresDialect(TestPostgres.CreateDatabase());
}
