using Orleans.Multipart.Grains;
using Orleans.Multipart.Grains.Storage;
using Orleans.Multipart.Silo.Storage.Sql;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.Storage;

/// <summary>
/// What the lifecycle sweep's pass over versions relies on the database for: the candidates carry when each version became
/// noncurrent (its successor's write), how many noncurrent versions are newer and whether a marker is alone; the guarded
/// expiry deletes a version only while it is still noncurrent (never one a delete by version ID has made current since) and
/// a marker only while it is still its key's only version, and the blobs of expired versions become garbage while every
/// live version keeps its own. Run against SQLite and PostgreSQL.
/// </summary>
public abstract class LifecycleNoncurrentContractTests : MetadataStoreTestBase
{
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

    [Fact]
    public async Task CandidatesCarryWhenEachVersionBecameNoncurrentAndHowManyAreNewer()
    {
        var bucket = await VersionedBucketAsync();
        var t0 = DateTimeOffset.UtcNow.AddDays(-10);
        var v1 = await PutAsync(bucket, "k", t0);
        var v2 = await PutAsync(bucket, "k", t0.AddDays(1));
        await PutAsync(bucket, "k", t0.AddDays(2)); // current: never a candidate
        await PutAsync(bucket, "other", t0);        // one version only: nothing noncurrent
        var marker = (await Store.DeleteObjectVersionAsync(bucket, "gone", null))!.VersionId!; // a marker with nothing under it

        var all = new List<NoncurrentVersionCandidate>();
        (string, long)? after = null;
        while (true)
        {
            // Pages of one row: the keyset cursor must carry on within a key and across keys.
            var page = await Store.ListBucketNoncurrentVersionsAsync(bucket, after, 1);
            all.AddRange(page);
            if (page.Count == 0)
            {
                break;
            }

            after = (page[^1].Key, page[^1].Position);
        }

        // Times as stored: milliseconds.
        static long? Ms(DateTimeOffset? at) => at?.ToUnixTimeMilliseconds();
        Assert.Equal(
            [
                ("gone", marker, true, (long?)null, 0, true),
                ("k", v1, false, Ms(t0.AddDays(1)), 1, false),
                ("k", v2, false, Ms(t0.AddDays(2)), 0, false),
            ],
            all.Select(c => (c.Key, c.VersionId, c.IsDeleteMarker, Ms(c.NoncurrentSince), c.NewerNoncurrent, c.OnlyVersion)));
        Assert.Empty(await Store.ListBucketNoncurrentVersionsAsync(await Bucket(), null, 10)); // never versioned: nothing to read
    }

    [Fact]
    public async Task AVersionMadeCurrentAgainSinceTheReadIsNotExpired()
    {
        var bucket = await VersionedBucketAsync();
        var v1 = await PutAsync(bucket, "k", DateTimeOffset.UtcNow.AddDays(-3));
        var v2 = await PutAsync(bucket, "k", DateTimeOffset.UtcNow.AddDays(-2));
        var v3 = await PutAsync(bucket, "k", DateTimeOffset.UtcNow.AddDays(-1));
        var read = await Store.ListBucketNoncurrentVersionsAsync(bucket, null, 10);
        Assert.Equal([v1, v2], read.Select(c => c.VersionId));

        // A user deletes the current version by ID: v2 is current again, and the sweep's read of it as noncurrent is stale.
        await Store.DeleteObjectVersionAsync(bucket, "k", v3);
        Assert.False(await Store.ExpireVersionAsync(bucket, "k", v2, loneMarker: false));
        Assert.Equal(v2, (await Store.GetObjectAsync(bucket, "k"))?.VersionId);

        Assert.True(await Store.ExpireVersionAsync(bucket, "k", v1, loneMarker: false));
        Assert.False(await Store.ExpireVersionAsync(bucket, "k", v1, loneMarker: false)); // gone already
        Assert.Equal([v2], await VersionIdsAsync(bucket, "k"));
        Assert.Equal(0, await Store.CountInvariantViolationsAsync());
    }

    [Fact]
    public async Task AMarkerIsRemovedOnlyWhileItIsItsKeysOnlyVersion()
    {
        var bucket = await VersionedBucketAsync();
        var v1 = await PutAsync(bucket, "k", DateTimeOffset.UtcNow.AddDays(-2));
        var marker = (await Store.DeleteObjectVersionAsync(bucket, "k", null))!.VersionId!;

        // The marker hides v1: not alone, so not removed.
        Assert.False(await Store.ExpireVersionAsync(bucket, "k", marker, loneMarker: true));
        Assert.True(await Store.ExpireVersionAsync(bucket, "k", v1, loneMarker: false));
        Assert.Equal([marker], await VersionIdsAsync(bucket, "k"));

        // Alone now: removed, and the key has no version left. A marker read alone but written over since stays.
        Assert.True(await Store.ExpireVersionAsync(bucket, "k", marker, loneMarker: true));
        Assert.Empty(await VersionIdsAsync(bucket, "k"));
        var again = (await Store.DeleteObjectVersionAsync(bucket, "j", null))!.VersionId!;
        var written = await PutAsync(bucket, "j", DateTimeOffset.UtcNow);
        Assert.False(await Store.ExpireVersionAsync(bucket, "j", again, loneMarker: true));
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

        Assert.True(await Store.ExpireVersionAsync(bucket, "k", v1, loneMarker: false));

        var garbage = (await Store.ReadGarbageAsync(DateTimeOffset.UtcNow.AddMinutes(1), 100_000)).ToHashSet();
        Assert.All(expiredBlobs, b => Assert.Contains(b, garbage));
        Assert.All(currentBlobs, b => Assert.DoesNotContain(b, garbage));
        Assert.Equal(0, await Store.CountInvariantViolationsAsync());
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
