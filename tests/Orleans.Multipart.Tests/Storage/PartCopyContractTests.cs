using Orleans.Multipart.Grains;
using Orleans.Multipart.Grains.Storage;
using Orleans.Multipart.Silo.Storage.Sql;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.Storage;

/// <summary>
/// A copied part names its source's blob only while the source object does: the store refuses the
/// registration once the source was deleted or replaced (even after the collector forgot the blob, when
/// no trigger would refuse it any more), and a registered copied part keeps the blob off the garbage list.
/// </summary>
public abstract class PartCopyContractTests : MetadataStoreTestBase
{
    private async Task<PartInfo> PutAsync(string bucket, string key)
    {
        var part = Part(1, 5);
        await Store.PutObjectAsync(new ObjectRecord(bucket, key, UploadIds.New(DateTimeOffset.UtcNow), 5, part.ETag, 0, DateTimeOffset.UtcNow, new ObjectSettings()), part, _ => { });
        return part;
    }

    private async Task<IReadOnlyList<string>> GarbageAsync() => await Store.ReadGarbageAsync(DateTimeOffset.UtcNow.AddMinutes(1), 10_000);

    [Fact]
    public async Task ACopiedPartKeepsTheSourceBlobAfterTheSourceIsDeleted()
    {
        var bucket = await Bucket();
        var blob = await PutAsync(bucket, "src");
        var upload = Upload(bucket, "dst");
        await Store.InsertUploadAsync(upload);

        Assert.Equal(CopiedPartOutcome.Added, await Store.AddCopiedPartAsync(bucket, "dst", upload.UploadId, blob with { PartNumber = 3 }, bucket, "src"));
        Assert.True(await Store.DeleteObjectAsync(bucket, "src"));
        Assert.DoesNotContain(blob.BlobId, await GarbageAsync());
        Assert.Equal([blob.BlobId], (await Store.ListPartsAsync(upload.UploadId, 0, 10)).Parts.Select(p => p.BlobId));

        Assert.True(await Store.AbortUploadAsync(bucket, "dst", upload.UploadId));
        Assert.Contains(blob.BlobId, await GarbageAsync());
        Assert.Equal(0, await Store.CountInvariantViolationsAsync());
    }

    [Fact]
    public async Task ASourceDeletedOrReplacedSinceItWasReadIsRefused()
    {
        var bucket = await Bucket();
        var upload = Upload(bucket, "dst");
        await Store.InsertUploadAsync(upload);

        // Deleted and collected: the garbage row is gone, so only the store's check stands between the part and a deleted file.
        var deleted = await PutAsync(bucket, "gone");
        await Store.DeleteObjectAsync(bucket, "gone");
        await Store.ForgetGarbageAsync([deleted.BlobId]);
        Assert.Equal(CopiedPartOutcome.SourceChanged, await Store.AddCopiedPartAsync(bucket, "dst", upload.UploadId, deleted, bucket, "gone"));

        // Replaced by another object: the old blob is not the source's any more.
        var old = await PutAsync(bucket, "replaced");
        await PutAsync(bucket, "replaced");
        Assert.Equal(CopiedPartOutcome.SourceChanged, await Store.AddCopiedPartAsync(bucket, "dst", upload.UploadId, old, bucket, "replaced"));
        Assert.Empty((await Store.ListPartsAsync(upload.UploadId, 0, 10)).Parts);

        // A closed upload, and a missing source bucket.
        var live = await PutAsync(bucket, "live");
        await Store.AbortUploadAsync(bucket, "dst", upload.UploadId);
        Assert.Equal(CopiedPartOutcome.UploadNotOpen, await Store.AddCopiedPartAsync(bucket, "dst", upload.UploadId, live, bucket, "live"));
        var noBucket = await Assert.ThrowsAsync<MultipartException>(() => Store.AddCopiedPartAsync(bucket, "dst", upload.UploadId, live, "no-such-bucket", "live"));
        Assert.Equal(MultipartError.NoSuchBucket, noBucket.Error);
        Assert.Equal(0, await Store.CountInvariantViolationsAsync());
    }
}

public sealed class SqlitePartCopyContractTests : PartCopyContractTests
{
    protected override ISqlDialect CreateDialect() =>
        new SqliteDialect(ScratchSqlitePath("omp-partcopy-"));
}

public sealed class PostgresPartCopyContractTests : PartCopyContractTests
{
    protected override ISqlDialect CreateDialect() => new PostgresDialect(TestPostgres.CreateDatabase());
}
