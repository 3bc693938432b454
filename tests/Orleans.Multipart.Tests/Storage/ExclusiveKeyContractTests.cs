using Orleans.Multipart.Grains;
using Orleans.Multipart.Grains.Storage;
using Orleans.Multipart.Silo.Storage.Sql;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.Storage;

/// <summary>
/// An exclusive bucket's keys are write-once, and the database says so: a PUT or a copy onto a key with
/// an object or an open upload is refused in the transaction (the stored object stays as it was), racing
/// writers of a free key leave exactly one winner, and only DeleteObject frees the key.
/// </summary>
public abstract class ExclusiveKeyContractTests : MetadataStoreTestBase
{
    private Task PutAsync(string bucket, string key, string sourceId) =>
        Store.PutObjectAsync(new ObjectRecord(bucket, key, sourceId, 10, "etag-" + sourceId, 0, DateTimeOffset.UtcNow, new ObjectSettings()), Part(1), _ => { });

    private Task<ObjectRecord> CopyAsync(string sourceBucket, string sourceKey, string bucket, string key) =>
        Store.CopyObjectAsync(sourceBucket, sourceKey, bucket, key, UploadIds.New(DateTimeOffset.UtcNow), (s, _) => s.Settings, DateTimeOffset.UtcNow);

    [Fact]
    public async Task AnExistingObjectRefusesEveryWriteUntilDeleted()
    {
        var bucket = await Bucket(BucketRule.Exclusive);
        var source = await Bucket();
        await PutAsync(source, "src", "source-object");
        await PutAsync(bucket, "k", "first");

        Assert.Equal(MultipartError.ObjectAlreadyExists, (await Assert.ThrowsAsync<MultipartException>(() => PutAsync(bucket, "k", "second"))).Error);
        Assert.Equal(MultipartError.ObjectAlreadyExists, (await Assert.ThrowsAsync<MultipartException>(() => CopyAsync(source, "src", bucket, "k"))).Error);
        Assert.Equal(MultipartError.ObjectAlreadyExists, (await Assert.ThrowsAsync<MultipartException>(() => CopyAsync(bucket, "k", bucket, "k"))).Error);
        Assert.Equal(MultipartError.ObjectAlreadyExists, (await Assert.ThrowsAsync<MultipartException>(() => Store.InsertUploadAsync(Upload(bucket, "k")))).Error);
        Assert.Equal("first", (await Store.GetObjectAsync(bucket, "k"))?.SourceId);

        Assert.True(await Store.DeleteObjectAsync(bucket, "k"));
        await CopyAsync(source, "src", bucket, "k");
        Assert.Equal("etag-source-object", (await Store.GetObjectAsync(bucket, "k"))?.ETag);
        Assert.Equal(0, await Store.CountInvariantViolationsAsync());
    }

    [Fact]
    public async Task AnOpenUploadRefusesPutAndCopy()
    {
        var bucket = await Bucket(BucketRule.Exclusive);
        var source = await Bucket();
        await PutAsync(source, "src", "source-object");
        await Store.InsertUploadAsync(Upload(bucket, "k"));

        Assert.Equal(MultipartError.UploadInProgress, (await Assert.ThrowsAsync<MultipartException>(() => PutAsync(bucket, "k", "put"))).Error);
        Assert.Equal(MultipartError.UploadInProgress, (await Assert.ThrowsAsync<MultipartException>(() => CopyAsync(source, "src", bucket, "k"))).Error);
        Assert.Null(await Store.GetObjectAsync(bucket, "k"));
    }

    [Fact]
    public async Task RacingPutsOfAFreeKeyLeaveOneWinner()
    {
        var bucket = await Bucket(BucketRule.Exclusive);
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            try
            {
                await PutAsync(bucket, "k", "writer-" + i);
                return "writer-" + i;
            }
            catch (MultipartException ex) when (ex.Error == MultipartError.ObjectAlreadyExists)
            {
                return null;
            }
        }));

        var winner = Assert.Single(outcomes, o => o is not null);
        Assert.Equal(winner, (await Store.GetObjectAsync(bucket, "k"))?.SourceId);
        Assert.Equal(0, await Store.CountInvariantViolationsAsync());
    }

    [Fact]
    public async Task AConcurrentBucketStillReplaces()
    {
        var bucket = await Bucket();
        await PutAsync(bucket, "k", "first");
        await PutAsync(bucket, "k", "second");
        Assert.Equal("second", (await Store.GetObjectAsync(bucket, "k"))?.SourceId);
    }
}

public sealed class SqliteExclusiveKeyContractTests : ExclusiveKeyContractTests
{
    protected override ISqlDialect CreateDialect() =>
        new SqliteDialect(ScratchSqlitePath("omp-exclusive-"));
}

public sealed class PostgresExclusiveKeyContractTests : ExclusiveKeyContractTests
{
    protected override ISqlDialect CreateDialect() => new PostgresDialect(TestPostgres.CreateDatabase());
}
