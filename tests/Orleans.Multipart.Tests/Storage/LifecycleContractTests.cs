using Orleans.Multipart.Grains;
using Orleans.Multipart.Grains.Storage;
using Orleans.Multipart.Silo.Storage.Sql;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.Storage;

/// <summary>
/// What the lifecycle sweeps rely on the database for: the candidate queries read one bucket's old rows in
/// (time, key) order after a cursor; the service-wide expiry leaves buckets with rules alone; and an expiring
/// delete removes only the object the sweep read, never one written over it since.
/// </summary>
public abstract class LifecycleContractTests : MetadataStoreTestBase
{
    private static readonly DateTimeOffset Old = DateTimeOffset.UtcNow.AddDays(-30);

    private Task PutAsync(string bucket, string key, string sourceId, DateTimeOffset modified) =>
        Store.PutObjectAsync(new ObjectRecord(bucket, key, sourceId, 10, "etag-" + sourceId, 0, modified, new ObjectSettings()), Part(1), _ => { });

    private async Task<UploadRecord> InitiateAsync(string bucket, string key, DateTimeOffset initiated)
    {
        var upload = Upload(bucket, key) with { Initiated = initiated };
        await Store.InsertUploadAsync(upload);
        return upload;
    }

    [Fact]
    public async Task OldObjectsOfOneBucketArePagedOldestFirst()
    {
        var bucket = await Bucket();
        var other = await Bucket();
        for (var i = 0; i < 5; i++)
        {
            await PutAsync(bucket, $"k{i}", $"s{i}", Old.AddMinutes(i));
        }

        await PutAsync(bucket, "fresh", "fresh", DateTimeOffset.UtcNow);
        await PutAsync(other, "k0", "other", Old);

        var cutoff = DateTimeOffset.UtcNow.AddDays(-1);
        var first = await Store.ListBucketObjectsModifiedBeforeAsync(bucket, cutoff, null, 3);
        Assert.Equal(["k0", "k1", "k2"], first.Select(o => o.Key));
        var rest = await Store.ListBucketObjectsModifiedBeforeAsync(bucket, cutoff, (first[^1].LastModified, first[^1].Key), 3);
        Assert.Equal(["k3", "k4"], rest.Select(o => o.Key));
        Assert.Equal("s3", rest[0].SourceId);
    }

    [Fact]
    public async Task OldOpenUploadsOfOneBucketArePagedOldestFirst()
    {
        var bucket = await Bucket();
        var uploads = new List<UploadRecord>();
        for (var i = 0; i < 4; i++)
        {
            uploads.Add(await InitiateAsync(bucket, $"k{i}", Old.AddMinutes(i)));
        }

        await InitiateAsync(bucket, "fresh", DateTimeOffset.UtcNow);
        Assert.True(await Store.AbortUploadAsync(bucket, "k1", uploads[1].UploadId));

        var cutoff = DateTimeOffset.UtcNow.AddDays(-1);
        var first = await Store.ListBucketUploadsInitiatedBeforeAsync(bucket, cutoff, null, 2);
        Assert.Equal(["k0", "k2"], first.Select(u => u.Key));
        var rest = await Store.ListBucketUploadsInitiatedBeforeAsync(bucket, cutoff, (first[^1].Initiated, first[^1].UploadId), 2);
        Assert.Equal(["k3"], rest.Select(u => u.Key));
    }

    [Fact]
    public async Task TheServiceWideExpiryLeavesBucketsWithRulesAlone()
    {
        var plain = await Bucket();
        var ruled = await Bucket();
        var plainUpload = await InitiateAsync(plain, "k", Old);
        await InitiateAsync(ruled, "k", Old);
        await Store.RegisterLifecycleBucketAsync(ruled);
        await Store.RegisterLifecycleBucketAsync(ruled); // idempotent

        var due = await Store.ListDefaultExpiryUploadsAsync(DateTimeOffset.UtcNow.AddDays(-1), null, 100);
        Assert.Equal([plainUpload.UploadId], due.Where(u => u.Bucket == plain || u.Bucket == ruled).Select(u => u.UploadId));
        Assert.Contains(ruled, await Store.ListLifecycleBucketsAsync(null, 1000));

        await Store.UnregisterLifecycleBucketAsync(ruled);
        Assert.DoesNotContain(ruled, await Store.ListLifecycleBucketsAsync(null, 1000));
        Assert.Equal(2, (await Store.ListDefaultExpiryUploadsAsync(DateTimeOffset.UtcNow.AddDays(-1), null, 100)).Count(u => u.Bucket == plain || u.Bucket == ruled));
    }

    [Fact]
    public async Task AnExpiringDeleteSparesAnObjectWrittenSince()
    {
        var bucket = await Bucket();
        await PutAsync(bucket, "k", "expired", Old);
        var read = (await Store.ListBucketObjectsModifiedBeforeAsync(bucket, DateTimeOffset.UtcNow.AddDays(-1), null, 10)).Single();
        await PutAsync(bucket, "k", "rewritten", DateTimeOffset.UtcNow);

        Assert.False(await Store.DeleteObjectAsync(bucket, "k", onlySourceId: read.SourceId));
        Assert.Equal("rewritten", (await Store.GetObjectAsync(bucket, "k"))?.SourceId);
        Assert.True(await Store.DeleteObjectAsync(bucket, "k", onlySourceId: "rewritten"));
        Assert.Null(await Store.GetObjectAsync(bucket, "k"));
        Assert.Equal(0, await Store.CountInvariantViolationsAsync());
    }
}

public sealed class SqliteLifecycleContractTests : LifecycleContractTests
{
    protected override ISqlDialect CreateDialect() => new SqliteDialect(ScratchSqlitePath("omp-lifecycle-"));
}

public sealed class PostgresLifecycleContractTests : LifecycleContractTests
{
    protected override ISqlDialect CreateDialect() => new PostgresDialect(TestPostgres.CreateDatabase());
}
