using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// The admin API's bucket figures in a versioned bucket (ver23b), on each store: objects and bytes are the current
/// objects', noncurrent versions and their bytes are counted apart (delete markers hold none), and a version deleted for
/// good leaves them.
/// </summary>
public sealed class AdminVersionUsageTests
{
    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task BucketsListCountsNoncurrentVersionsApartFromCurrentObjects(StoreKind store)
    {
        await using var host = await ServiceHost.StartAsync(store);
        using var s3 = host.CreateS3Client();
        await s3.PutBucketAsync("admin-versions");
        await s3.PutBucketVersioningAsync(new PutBucketVersioningRequest { BucketName = "admin-versions", VersioningConfig = new S3BucketVersioningConfig { Status = VersionStatus.Enabled } });
        var first = (await s3.PutObjectAsync(new PutObjectRequest { BucketName = "admin-versions", Key = "a", ContentBody = new string('a', 1000) })).VersionId;
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = "admin-versions", Key = "a", ContentBody = new string('a', 10) });
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = "admin-versions", Key = "b", ContentBody = new string('b', 200) });
        await s3.DeleteObjectAsync("admin-versions", "b"); // b's 200 bytes become noncurrent under a delete marker
        using var admin = new AdminHttp(host.BaseAddress);

        async Task<(long, long, long, long)> FiguresAsync()
        {
            var answer = await admin.GetAsync("buckets/admin-versions");
            Assert.Equal(HttpStatusCode.OK, answer.Status);
            var bucket = answer.Json!;
            return (bucket["objects"]!.GetValue<long>(), bucket["bytes"]!.GetValue<long>(), bucket["noncurrentVersions"]!.GetValue<long>(), bucket["noncurrentBytes"]!.GetValue<long>());
        }

        Assert.Equal((1L, 10L, 2L, 1200L), await FiguresAsync());

        await s3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = "admin-versions", Key = "a", VersionId = first });
        Assert.Equal((1L, 10L, 1L, 200L), await FiguresAsync());
    }
}
