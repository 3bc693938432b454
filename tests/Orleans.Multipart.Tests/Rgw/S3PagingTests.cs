using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.Rgw;

/// <summary>
/// Listings longer than one page (1,000 keys) on the S3 backend: the service's ListObjectsV2 walked by
/// AWSSDK.S3's paginator, and the blob store's own enumeration and batched delete over a backend bucket
/// that needs more than one ListObjectsV2 page and more than one DeleteObjects request (1,000 keys each).
/// </summary>
[Collection(RgwCollection.Name)]
[Trait("Category", "Slow")]
public sealed class S3PagingTests(RgwServiceFixture fixture) : IClassFixture<RgwServiceFixture>
{
    private const int Keys = 1_050;

    [Fact]
    public async Task ListObjectsV2PaginatorWalksMoreThanAThousandKeysInOrder()
    {
        using var s3 = fixture.Host.CreateS3Client();
        var bucket = "paging-" + Guid.NewGuid().ToString("N")[..12];
        await s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket });
        var keys = Enumerable.Range(0, Keys).Select(i => $"dir/{i:x4}-{(i % 7 == 0 ? "é" : "k")}").ToList();
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (key, token) =>
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = key }, token));

        var pages = 0;
        var listed = new List<string>();
        await foreach (var page in s3.Paginators.ListObjectsV2(new ListObjectsV2Request { BucketName = bucket, Prefix = "dir/" }).Responses)
        {
            pages++;
            Assert.True((page.S3Objects?.Count ?? 0) <= 1000);
            listed.AddRange((page.S3Objects ?? []).Select(o => o.Key));
        }

        Assert.True(pages >= 2, $"{pages} page(s) for {Keys} keys");
        Assert.Equal(keys.Order(StringComparer.Ordinal), listed);

        // The last page's objects read back from the backend like the first's.
        using var last = await s3.GetObjectAsync(bucket, listed[^1]);
        Assert.Equal(listed[^1], await new StreamReader(last.ResponseStream).ReadToEndAsync());
    }

    [Fact]
    public async Task BlobStoreEnumeratesAndDeletesMoreThanOneBackendPage()
    {
        var (store, bucket) = await S3BlobStoreTests.NewStoreAsync();
        using var _ = store;
        var ids = Enumerable.Range(0, Keys).Select(_ => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))).ToList();
        using (var backend = TestRgw.CreateClient())
        {
            await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (id, token) =>
                await backend.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "blobs/" + id, ContentBody = "x" }, token));
        }

        var enumerated = await store.EnumerateAsync(CancellationToken.None).Select(b => b.BlobId).ToListAsync();
        Assert.Equal(ids.Order(StringComparer.Ordinal), enumerated.Order(StringComparer.Ordinal));

        await store.DeleteAsync(ids, CancellationToken.None);
        Assert.Empty(await TestRgw.ListAsync(bucket));
    }
}
