using Orleans.Multipart.Grains;
using Orleans.Multipart.Grains.Storage;
using Orleans.Multipart.Silo.Storage.Sql;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.Storage;

/// <summary>
/// Bucket versioning in the database: overwrites and deletes keep earlier versions (and every blob they name), delete
/// markers hide a key until removed, the null version of a suspended bucket is replaced, and no race between deletes,
/// copies and Completes leaves a live version naming a garbage blob. Run against SQLite and PostgreSQL.
/// </summary>
public abstract class VersioningContractTests : MetadataStoreTestBase
{
    private async Task<(string? VersionId, PartInfo Part)> PutAsync(string bucket, string key, long size = 5)
    {
        var part = Part(1, size);
        var obj = new ObjectRecord(bucket, key, UploadIds.New(DateTimeOffset.UtcNow), part.Size, part.ETag, 0, DateTimeOffset.UtcNow, new ObjectSettings());
        return (await Store.PutObjectAsync(obj, part, _ => { }), part);
    }

    private async Task<(CompleteResult Result, PartInfo Part)> CompleteAsync(string bucket, string key)
    {
        var upload = Upload(bucket, key);
        await Store.InsertUploadAsync(upload);
        var part = Part(1, 7);
        Assert.True(await Store.AddPartAsync(bucket, key, upload.UploadId, part));
        var result = await Store.CompleteUploadAsync(bucket, key, upload.UploadId, (stored, _) => new CompletionPlan(stored, "mp-etag-1", 7), _ => true, DateTimeOffset.UtcNow);
        return (result, part);
    }

    private async Task<IReadOnlyList<ObjectVersionSummary>> VersionsAsync(string bucket) =>
        (await Store.ListObjectVersionsAsync(bucket, "", null, null, 1000)).Select(e => e.Summary).ToList();

    private async Task<HashSet<string>> GarbageAsync() => [.. await Store.ReadGarbageAsync(DateTimeOffset.UtcNow.AddMinutes(1), 100_000)];

    private async Task<string> VersionedBucketAsync(BucketVersioning state = BucketVersioning.Enabled)
    {
        var bucket = await Bucket();
        Assert.Equal(BucketVersioningOutcome.Set, await Store.SetBucketVersioningAsync(bucket, state));
        return bucket;
    }

    /// <summary>Every blob that any listed version (not a marker) names: none may be garbage, every one must be known.</summary>
    private async Task AssertEveryLiveVersionKeepsItsBlobsAsync(string bucket)
    {
        var garbage = await GarbageAsync();
        foreach (var version in (await VersionsAsync(bucket)).Where(v => !v.IsDeleteMarker))
        {
            var stored = await Store.GetObjectVersionAsync(bucket, version.Key, version.VersionId);
            Assert.NotNull(stored);
            var parts = await Store.GetSourcePartsAsync(stored.Record.SourceId);
            Assert.NotEmpty(parts);
            foreach (var part in parts)
            {
                Assert.DoesNotContain(part.BlobId, garbage);
                Assert.True(await Store.IsBlobKnownAsync(part.BlobId));
            }
        }

        Assert.Equal(0, await Store.CountInvariantViolationsAsync());
    }

    [Fact]
    public async Task ABucketNeverVersionedReplacesAndGivesNoVersionId()
    {
        var bucket = await Bucket();
        var (first, old) = await PutAsync(bucket, "k");
        var (second, _) = await PutAsync(bucket, "k");

        Assert.Null(first);
        Assert.Null(second);
        Assert.Contains(old.BlobId, await GarbageAsync());
        Assert.Equal([("k", "null", true)], (await VersionsAsync(bucket)).Select(v => (v.Key, v.VersionId, v.IsLatest)));
        Assert.Equal(BucketVersioning.Unversioned, (await Store.GetBucketAsync(bucket))!.Versioning);
    }

    [Fact]
    public async Task EveryWriteInAVersionedBucketKeepsTheVersionItReplacedWithItsBlobs()
    {
        var bucket = await Bucket();
        var (_, before) = await PutAsync(bucket, "k"); // the null version, written before versioning
        Assert.Equal(BucketVersioningOutcome.Set, await Store.SetBucketVersioningAsync(bucket, BucketVersioning.Enabled));
        Assert.Equal(BucketVersioning.Enabled, (await Store.GetBucketAsync(bucket))!.Versioning);

        var (put, putPart) = await PutAsync(bucket, "k");
        var (completed, completedPart) = await CompleteAsync(bucket, "k");
        await PutAsync(bucket, "src");
        var copy = await Store.CopyObjectAsync(bucket, "k", bucket, "k", UploadIds.New(DateTimeOffset.UtcNow), (s, _) => s.Settings, DateTimeOffset.UtcNow, sourceVersionId: put);

        Assert.NotNull(put);
        Assert.NotNull(completed.VersionId);
        Assert.NotNull(copy.VersionId);
        Assert.Equal(3, new[] { put, completed.VersionId, copy.VersionId }.Distinct().Count());

        var versions = (await VersionsAsync(bucket)).Where(v => v.Key == "k").ToList();
        Assert.Equal([copy.VersionId, completed.VersionId, put, "null"], versions.Select(v => v.VersionId));
        Assert.Equal([true, false, false, false], versions.Select(v => v.IsLatest));
        Assert.Equal(putPart.ETag, (await Store.GetObjectVersionAsync(bucket, "k", copy.VersionId!))!.Record.ETag);
        Assert.Equal("mp-etag-1", (await Store.GetObjectVersionAsync(bucket, "k", completed.VersionId!))!.Record.ETag);
        Assert.Equal(before.ETag, (await Store.GetObjectVersionAsync(bucket, "k", "null"))!.Record.ETag);

        var garbage = await GarbageAsync();
        Assert.DoesNotContain(before.BlobId, garbage);
        Assert.DoesNotContain(putPart.BlobId, garbage);
        Assert.DoesNotContain(completedPart.BlobId, garbage);
        await AssertEveryLiveVersionKeepsItsBlobsAsync(bucket);
    }

    [Fact]
    public async Task ADeleteMakesAMarkerAndRemovingTheMarkerBringsTheObjectBack()
    {
        var bucket = await VersionedBucketAsync();
        var (v1, part) = await PutAsync(bucket, "k");

        var deleted = await Store.DeleteObjectVersionAsync(bucket, "k", null, "alice");
        Assert.NotNull(deleted);
        Assert.True(deleted.DeleteMarker);
        Assert.Null(await Store.GetObjectAsync(bucket, "k"));
        Assert.Equal(deleted.VersionId, (await Store.GetLatestDeleteMarkerAsync(bucket, "k"))!.VersionId);
        var listed = await VersionsAsync(bucket);
        Assert.Equal([(deleted.VersionId, true, true, "alice"), (v1, false, false, null)], listed.Select(v => ((string?)v.VersionId, v.IsDeleteMarker, v.IsLatest, v.Owner)));
        Assert.DoesNotContain(part.BlobId, await GarbageAsync());
        Assert.True((await Store.GetObjectVersionAsync(bucket, "k", deleted.VersionId!))!.IsDeleteMarker);

        // A second DELETE stacks another marker; removing both brings v1 back as the current object.
        var again = await Store.DeleteObjectVersionAsync(bucket, "k", null);
        Assert.Equal(new DeleteResult(deleted.VersionId, true), await Store.DeleteObjectVersionAsync(bucket, "k", deleted.VersionId));
        Assert.Null(await Store.GetObjectAsync(bucket, "k"));
        Assert.Equal(new DeleteResult(again!.VersionId, true), await Store.DeleteObjectVersionAsync(bucket, "k", again.VersionId));
        var current = await Store.GetObjectAsync(bucket, "k");
        Assert.Equal((part.ETag, v1), (current!.ETag, current.VersionId));
        Assert.Null(await Store.GetLatestDeleteMarkerAsync(bucket, "k"));
        await AssertEveryLiveVersionKeepsItsBlobsAsync(bucket);
    }

    [Fact]
    public async Task DeletingAVersionForGoodReleasesItsBlobOnlyWhenNoOtherVersionNamesIt()
    {
        var bucket = await VersionedBucketAsync();
        var (v1, part) = await PutAsync(bucket, "k");
        var copy = await Store.CopyObjectAsync(bucket, "k", bucket, "copy", UploadIds.New(DateTimeOffset.UtcNow), (s, _) => s.Settings, DateTimeOffset.UtcNow);
        var (v2, _) = await PutAsync(bucket, "k");

        Assert.Equal(new DeleteResult(v1, false), await Store.DeleteObjectVersionAsync(bucket, "k", v1));
        Assert.DoesNotContain(part.BlobId, await GarbageAsync()); // the copy still names it
        Assert.Equal(v2, (await Store.GetObjectAsync(bucket, "k"))!.VersionId);

        Assert.Equal(new DeleteResult(copy.VersionId, false), await Store.DeleteObjectVersionAsync(bucket, "copy", copy.VersionId));
        Assert.Contains(part.BlobId, await GarbageAsync());
        Assert.Null(await Store.DeleteObjectVersionAsync(bucket, "k", v1));
        Assert.Null(await Store.GetObjectVersionAsync(bucket, "k", v1!));
        await AssertEveryLiveVersionKeepsItsBlobsAsync(bucket);
    }

    [Fact]
    public async Task DeletingTheCurrentVersionMakesTheNewestOlderOneCurrent()
    {
        var bucket = await VersionedBucketAsync();
        var (v1, _) = await PutAsync(bucket, "k");
        var (v2, part2) = await PutAsync(bucket, "k");

        Assert.Equal(new DeleteResult(v2, false), await Store.DeleteObjectVersionAsync(bucket, "k", v2));
        Assert.Contains(part2.BlobId, await GarbageAsync());
        Assert.Equal(v1, (await Store.GetObjectAsync(bucket, "k"))!.VersionId);
        Assert.Equal([(v1, true)], (await VersionsAsync(bucket)).Select(v => ((string?)v.VersionId, v.IsLatest)));
        await AssertEveryLiveVersionKeepsItsBlobsAsync(bucket);
    }

    [Fact]
    public async Task ASuspendedBucketReplacesOnlyTheNullVersion()
    {
        var bucket = await VersionedBucketAsync();
        var (v1, kept) = await PutAsync(bucket, "k");
        Assert.Equal(BucketVersioningOutcome.Set, await Store.SetBucketVersioningAsync(bucket, BucketVersioning.Suspended));

        var (n1, firstNull) = await PutAsync(bucket, "k");
        var (n2, _) = await PutAsync(bucket, "k");
        Assert.Equal(("null", "null"), (n1, n2));
        Assert.Contains(firstNull.BlobId, await GarbageAsync());
        Assert.DoesNotContain(kept.BlobId, await GarbageAsync());
        Assert.Equal(["null", v1], (await VersionsAsync(bucket)).Select(v => (string?)v.VersionId));

        // A delete replaces the null version by a null delete marker; v1 stays.
        Assert.Equal(new DeleteResult("null", true), await Store.DeleteObjectVersionAsync(bucket, "k", null));
        Assert.Equal([("null", true), (v1, false)], (await VersionsAsync(bucket)).Select(v => ((string?)v.VersionId, v.IsDeleteMarker)));
        await AssertEveryLiveVersionKeepsItsBlobsAsync(bucket);
    }

    [Fact]
    public async Task AnExclusiveBucketRefusesVersioningAndAVersionKeepsABucketFromBeingEmpty()
    {
        var exclusive = await Bucket(BucketRule.Exclusive);
        Assert.Equal(BucketVersioningOutcome.ExclusiveBucket, await Store.SetBucketVersioningAsync(exclusive, BucketVersioning.Enabled));
        Assert.Equal(BucketVersioning.Unversioned, (await Store.GetBucketAsync(exclusive))!.Versioning);
        Assert.Equal(BucketVersioningOutcome.NotFound, await Store.SetBucketVersioningAsync("no-such-bucket-" + Guid.NewGuid().ToString("N")[..8], BucketVersioning.Enabled));

        var bucket = await VersionedBucketAsync();
        await PutAsync(bucket, "k");
        await Store.DeleteObjectVersionAsync(bucket, "k", null);
        Assert.Equal(DeleteBucketOutcome.NotEmpty, await Store.DeleteBucketAsync(bucket));
        foreach (var version in await VersionsAsync(bucket))
        {
            Assert.NotNull(await Store.DeleteObjectVersionAsync(bucket, version.Key, version.VersionId));
        }

        Assert.Equal(DeleteBucketOutcome.Deleted, await Store.DeleteBucketAsync(bucket));
    }

    [Fact]
    public async Task VersionsListByKeyThenNewestFirstAndResumeAfterAVersion()
    {
        var bucket = await VersionedBucketAsync();
        var a1 = (await PutAsync(bucket, "a")).VersionId;
        var b1 = (await PutAsync(bucket, "b")).VersionId;
        var a2 = (await PutAsync(bucket, "a")).VersionId;
        var b2 = (await Store.DeleteObjectVersionAsync(bucket, "b", null))!.VersionId;

        var all = await Store.ListObjectVersionsAsync(bucket, "", null, null, 100);
        Assert.Equal([("a", a2), ("a", a1), ("b", b2), ("b", b1)], all.Select(e => (e.Summary.Key, (string?)e.Summary.VersionId)));

        var afterA2 = await Store.GetVersionPositionAsync(bucket, "a", a2!);
        Assert.Equal([a1, b2, b1], (await Store.ListObjectVersionsAsync(bucket, "", "a", afterA2, 100)).Select(e => (string?)e.Summary.VersionId));
        Assert.Equal([b2, b1], (await Store.ListObjectVersionsAsync(bucket, "", "a", null, 100)).Select(e => (string?)e.Summary.VersionId));
        Assert.Equal([a2], (await Store.ListObjectVersionsAsync(bucket, "", null, null, 1)).Select(e => (string?)e.Summary.VersionId));
    }

    /// <summary>
    /// Deletes (markers and versions for good), copies from named versions and Completes race on one key and its copies.
    /// Whatever order the database serialises them in, every version still listed keeps every blob it names: its parts rows
    /// stay with it, and the triggers free a blob only when its last name goes.
    /// </summary>
    [Fact]
    public async Task DeletesRacingCopiesAndCompletesNeverFreeABlobALiveVersionNames()
    {
        var bucket = await VersionedBucketAsync();
        var versions = new System.Collections.Concurrent.ConcurrentBag<string>();
        for (var i = 0; i < 4; i++)
        {
            versions.Add((await PutAsync(bucket, "src")).VersionId!);
        }

        async Task Ignoring(Func<Task> action)
        {
            try
            {
                await action();
            }
            catch (MultipartException ex) when (ex.Error is MultipartError.NoSuchKey or MultipartError.NoSuchVersion or MultipartError.InvalidRequest)
            {
                // The version copied was deleted first: the copy is refused, nothing half done.
            }
        }

        var work = new List<Func<Task>>();
        for (var round = 0; round < 12; round++)
        {
            var n = round;
            work.Add(async () => versions.Add((await CompleteAsync(bucket, "src")).Result.VersionId!));
            work.Add(() => Ignoring(async () =>
            {
                var pick = versions.ElementAt(n % versions.Count);
                var copy = await Store.CopyObjectAsync(bucket, "src", bucket, $"copy-{n % 3}", UploadIds.New(DateTimeOffset.UtcNow), (s, _) => s.Settings, DateTimeOffset.UtcNow, sourceVersionId: pick);
                versions.Add(copy.VersionId!);
            }));
            work.Add(async () => await Store.DeleteObjectVersionAsync(bucket, "src", versions.ElementAt((n * 7) % versions.Count)));
            work.Add(async () => await Store.DeleteObjectVersionAsync(bucket, $"copy-{n % 3}", null));
            work.Add(() => Ignoring(async () => await Store.CopyObjectAsync(bucket, "src", bucket, "latest-copy", UploadIds.New(DateTimeOffset.UtcNow), (s, _) => s.Settings, DateTimeOffset.UtcNow)));
        }

        await Task.WhenAll(work.Select(w => Task.Run(w)));
        await AssertEveryLiveVersionKeepsItsBlobsAsync(bucket);

        // And deleting every version for good leaves no part behind: the collector may take every blob.
        foreach (var version in await VersionsAsync(bucket))
        {
            Assert.NotNull(await Store.DeleteObjectVersionAsync(bucket, version.Key, version.VersionId));
        }

        Assert.Empty(await VersionsAsync(bucket));
        Assert.Equal(0, await Store.CountInvariantViolationsAsync());
    }
}

public sealed class SqliteVersioningContractTests : VersioningContractTests
{
    protected override ISqlDialect CreateDialect() => new SqliteDialect(ScratchSqlitePath("omp-versions-"));
}

public sealed class PostgresVersioningContractTests : VersioningContractTests
{
    protected override ISqlDialect CreateDialect() => new PostgresDialect(TestPostgres.CreateDatabase());
}
