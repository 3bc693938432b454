using Orleans.Multipart.Grains;
using Orleans.Multipart.Grains.Storage;
using Orleans.Multipart.Silo.Storage.Sql;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.Storage;

/// <summary>
/// The lifecycle sweep's batch calls (one transaction per batch): they act only on the rows that are still the ones the
/// sweep read. An upload completed or aborted between the read and the batch, an object rewritten or deleted since, another
/// bucket's upload, and every object of a versioned bucket are left alone; what they remove leaves its blobs as garbage, as
/// the per-row calls do. Run against SQLite and PostgreSQL.
/// </summary>
public abstract class LifecycleBatchContractTests : MetadataStoreTestBase
{
    private static readonly DateTimeOffset Old = DateTimeOffset.UtcNow.AddDays(-30);

    private async Task<HashSet<string>> GarbageAsync() => [.. await Store.ReadGarbageAsync(DateTimeOffset.UtcNow.AddMinutes(1), 100_000)];

    private async Task<(UploadRecord Upload, PartInfo Part)> InitiateWithPartAsync(string bucket, string key)
    {
        var upload = Upload(bucket, key) with { Initiated = Old };
        await Store.InsertUploadAsync(upload);
        var part = Part(1, 7);
        Assert.True(await Store.AddPartAsync(bucket, key, upload.UploadId, part));
        return (upload, part);
    }

    private Task<CompleteResult> CompleteAsync(string bucket, string key, string uploadId) =>
        Store.CompleteUploadAsync(bucket, key, uploadId, (stored, _) => new CompletionPlan(stored, "mp-etag-1", 7), _ => false, DateTimeOffset.UtcNow);

    private async Task<PartInfo> PutAsync(string bucket, string key, string sourceId)
    {
        var part = Part(1);
        await Store.PutObjectAsync(new ObjectRecord(bucket, key, sourceId, part.Size, part.ETag, 0, Old, new ObjectSettings()), part, _ => { });
        return part;
    }

    private async Task<IReadOnlyList<ExpiringObject>> ReadDueAsync(string bucket) =>
        (await Store.ListBucketObjectsModifiedBeforeAsync(bucket, DateTimeOffset.UtcNow.AddDays(-1), null, 1000)).Select(o => new ExpiringObject(o.Key, o.SourceId)).ToList();

    [Fact]
    public async Task ABatchAbortAbortsOnlyTheUploadsStillOpenInItsBucket()
    {
        var bucket = await Bucket();
        var other = await Bucket();
        var open = await InitiateWithPartAsync(bucket, "open");
        var completed = await InitiateWithPartAsync(bucket, "completed");
        var abortedByUser = await InitiateWithPartAsync(bucket, "aborted");
        var elsewhere = await InitiateWithPartAsync(other, "open");
        var read = (await Store.ListBucketUploadsInitiatedBeforeAsync(bucket, DateTimeOffset.UtcNow.AddDays(-1), null, 100)).Select(u => u.UploadId).ToList();
        Assert.Equal(3, read.Count);

        // Between the sweep's read and its batch: one upload completes, one is aborted by its user.
        await CompleteAsync(bucket, "completed", completed.Upload.UploadId);
        Assert.True(await Store.AbortUploadAsync(bucket, "aborted", abortedByUser.Upload.UploadId));

        Assert.Equal(1, await Store.AbortOpenUploadsAsync(bucket, [.. read, elsewhere.Upload.UploadId, "no-such-upload"]));

        Assert.Equal(UploadState.Aborted, (await Store.GetUploadAsync(open.Upload.UploadId))!.State);
        Assert.Empty(await Store.GetSourcePartsAsync(open.Upload.UploadId));
        Assert.Equal(UploadState.Completed, (await Store.GetUploadAsync(completed.Upload.UploadId))!.State);
        Assert.Equal(completed.Upload.UploadId, (await Store.GetObjectAsync(bucket, "completed"))?.SourceId);
        Assert.Equal([completed.Part.BlobId], (await Store.GetSourcePartsAsync(completed.Upload.UploadId)).Select(p => p.BlobId));
        Assert.Equal(UploadState.Open, (await Store.GetUploadAsync(elsewhere.Upload.UploadId))!.State);
        Assert.Single(await Store.GetSourcePartsAsync(elsewhere.Upload.UploadId));

        var garbage = await GarbageAsync();
        Assert.Contains(open.Part.BlobId, garbage);
        Assert.DoesNotContain(completed.Part.BlobId, garbage);
        Assert.DoesNotContain(elsewhere.Part.BlobId, garbage);
        Assert.Equal(0, await Store.CountInvariantViolationsAsync());
        Assert.Equal(0, await Store.AbortOpenUploadsAsync(bucket, read)); // again: nothing left open
    }

    [Fact]
    public async Task ABatchExpiryDeletesOnlyTheObjectsStillTheOnesRead()
    {
        var bucket = await Bucket();
        var due = await PutAsync(bucket, "due", "s-due");
        var rewritten = await PutAsync(bucket, "rewritten", "s-rewritten");
        await PutAsync(bucket, "deleted", "s-deleted");
        var alsoDue = await PutAsync(bucket, "z/also-due", "s-also-due");
        var read = await ReadDueAsync(bucket);
        Assert.Equal(4, read.Count);

        // Between the sweep's read and its batch: one key is written over, one deleted by its user.
        var replacement = await PutAsync(bucket, "rewritten", "s-new");
        Assert.True(await Store.DeleteObjectAsync(bucket, "deleted"));

        Assert.Equal(2, await Store.ExpireUnversionedObjectsAsync(bucket, read));

        Assert.Null(await Store.GetObjectAsync(bucket, "due"));
        Assert.Null(await Store.GetObjectAsync(bucket, "z/also-due"));
        Assert.Equal("s-new", (await Store.GetObjectAsync(bucket, "rewritten"))?.SourceId);
        Assert.Equal([replacement.BlobId], (await Store.GetSourcePartsAsync("s-new")).Select(p => p.BlobId));
        var garbage = await GarbageAsync();
        Assert.Contains(due.BlobId, garbage);
        Assert.Contains(alsoDue.BlobId, garbage);
        Assert.Contains(rewritten.BlobId, garbage); // by the overwrite, as before
        Assert.DoesNotContain(replacement.BlobId, garbage);
        Assert.Equal(0, await Store.CountInvariantViolationsAsync());
        Assert.Equal(0, await Store.ExpireUnversionedObjectsAsync(bucket, read)); // again: nothing left that was read
    }

    [Fact]
    public async Task ABatchExpiryLeavesOtherBucketsAlone()
    {
        var bucket = await Bucket();
        var other = await Bucket();
        await PutAsync(bucket, "k", "s-mine");
        await PutAsync(other, "k", "s-theirs");

        // The other bucket's key and source, named in this bucket's batch.
        Assert.Equal(0, await Store.ExpireUnversionedObjectsAsync(bucket, [new ExpiringObject("k", "s-theirs")]));
        Assert.Equal("s-theirs", (await Store.GetObjectAsync(other, "k"))?.SourceId);
        Assert.Equal(1, await Store.ExpireUnversionedObjectsAsync(bucket, [new ExpiringObject("k", "s-mine")]));
        Assert.Equal("s-theirs", (await Store.GetObjectAsync(other, "k"))?.SourceId);
    }

    [Theory]
    [InlineData(BucketVersioning.Enabled)]
    [InlineData(BucketVersioning.Suspended)]
    public async Task ABatchExpiryLeavesAVersionedBucketToVersioningsDelete(BucketVersioning state)
    {
        var bucket = await Bucket();
        var part = await PutAsync(bucket, "k", "s-k");
        Assert.Equal(BucketVersioningOutcome.Set, await Store.SetBucketVersioningAsync(bucket, state));
        var read = await ReadDueAsync(bucket);

        Assert.Null(await Store.ExpireUnversionedObjectsAsync(bucket, read));
        Assert.Equal("s-k", (await Store.GetObjectAsync(bucket, "k"))?.SourceId);
        Assert.DoesNotContain(part.BlobId, await GarbageAsync());
    }

    [Fact]
    public async Task ABatchExpiryInABucketThatIsGoneDeletesNothing() =>
        Assert.Null(await Store.ExpireUnversionedObjectsAsync("no-such-bucket-" + Guid.NewGuid().ToString("N")[..8], [new ExpiringObject("k", "s")]));

    /// <summary>Completes racing a batch abort of the same uploads: each upload ends either completed (object and parts kept) or aborted (parts gone), never both.</summary>
    [Fact]
    public async Task CompletesRacingABatchAbortEachEndOneWay()
    {
        var bucket = await Bucket();
        var uploads = new List<(UploadRecord Upload, PartInfo Part)>();
        for (var i = 0; i < 40; i++)
        {
            uploads.Add(await InitiateWithPartAsync(bucket, $"k{i:00}"));
        }

        var completes = uploads.Where((_, i) => i % 2 == 0).Select(async u =>
        {
            try
            {
                await CompleteAsync(bucket, u.Upload.Key, u.Upload.UploadId);
                return true;
            }
            catch (MultipartException ex) when (ex.Error == MultipartError.NoSuchUpload)
            {
                return false; // the batch aborted it first
            }
        }).ToList();
        var aborted = await Store.AbortOpenUploadsAsync(bucket, uploads.Select(u => u.Upload.UploadId).ToList());
        var completed = (await Task.WhenAll(completes)).Count(c => c);

        Assert.Equal(uploads.Count, aborted + completed);
        var garbage = await GarbageAsync();
        foreach (var (upload, part) in uploads)
        {
            var state = (await Store.GetUploadAsync(upload.UploadId))!.State;
            var obj = await Store.GetObjectAsync(bucket, upload.Key);
            if (state == UploadState.Completed)
            {
                Assert.Equal(upload.UploadId, obj?.SourceId);
                Assert.DoesNotContain(part.BlobId, garbage);
            }
            else
            {
                Assert.Equal(UploadState.Aborted, state);
                Assert.Null(obj);
                Assert.Contains(part.BlobId, garbage);
            }
        }

        Assert.Equal(0, await Store.CountInvariantViolationsAsync());
    }

    /// <summary>Overwrites racing a batch expiry of the same keys: every overwrite survives, whichever committed first.</summary>
    [Fact]
    public async Task OverwritesRacingABatchExpiryAllSurvive()
    {
        var bucket = await Bucket();
        for (var i = 0; i < 40; i++)
        {
            await PutAsync(bucket, $"k{i:00}", $"old{i:00}");
        }

        var read = await ReadDueAsync(bucket);
        var overwrites = Enumerable.Range(0, 40).Where(i => i % 2 == 0).Select(i => PutAsync(bucket, $"k{i:00}", $"new{i:00}")).ToList();
        var expired = await Store.ExpireUnversionedObjectsAsync(bucket, read);
        var written = await Task.WhenAll(overwrites);

        for (var i = 0; i < 40; i++)
        {
            var current = await Store.GetObjectAsync(bucket, $"k{i:00}");
            if (i % 2 == 0)
            {
                Assert.Equal($"new{i:00}", current?.SourceId); // written after the expiry, or spared by it
            }
            else
            {
                Assert.Null(current);
            }
        }

        Assert.InRange(expired!.Value, 20, 40);
        var garbage = await GarbageAsync();
        Assert.All(written, part => Assert.DoesNotContain(part.BlobId, garbage));
        Assert.Equal(0, await Store.CountInvariantViolationsAsync());
    }
}

public sealed class SqliteLifecycleBatchContractTests : LifecycleBatchContractTests
{
    protected override ISqlDialect CreateDialect() => new SqliteDialect(ScratchSqlitePath("omp-lifecycle-batch-"));
}

public sealed class PostgresLifecycleBatchContractTests : LifecycleBatchContractTests
{
    protected override ISqlDialect CreateDialect() => new PostgresDialect(TestPostgres.CreateDatabase());
}
