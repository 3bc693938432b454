using System.Net;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using Orleans.Multipart.Silo.Storage.Blobs;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.Rgw;

/// <summary>
/// The service with the S3 blob backend on a real Ceph RGW, driven by AWSSDK.S3: every part is an object
/// in the backend bucket (listed there directly), reads come back exact, copies stay zero-copy, SSE-C bytes
/// are ciphertext in the backend, and the collector and the orphan sweep delete backend objects.
/// </summary>
[Collection(RgwCollection.Name)]
[Trait("Category", "Slow")]
public sealed class S3BackendTests(RgwServiceFixture fixture) : IClassFixture<RgwServiceFixture>
{
    private const int KiB = 1024;

    private readonly AmazonS3Client _s3 = fixture.Host.CreateS3Client();

    private async Task<string> NewBucketAsync()
    {
        var name = "rgw-" + Guid.NewGuid().ToString("N")[..12];
        await _s3.PutBucketAsync(new PutBucketRequest { BucketName = name });
        return name;
    }

    private async Task<byte[]> GetAsync(string bucket, string key, Action<GetObjectRequest>? customize = null)
    {
        var request = new GetObjectRequest { BucketName = bucket, Key = key };
        customize?.Invoke(request);
        using var response = await _s3.GetObjectAsync(request);
        using var buffer = new MemoryStream();
        await response.ResponseStream.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    [Fact]
    public async Task MultipartUploadLandsInTheBackendAndRangedGetsCrossPartBoundaries()
    {
        var bucket = await NewBucketAsync();
        var before = await fixture.BackendBlobsAsync();
        byte[][] parts = [RandomNumberGenerator.GetBytes(100 * KiB), RandomNumberGenerator.GetBytes(200 * KiB), RandomNumberGenerator.GetBytes(50 * KiB)];
        var uploadId = (await _s3.InitiateMultipartUploadAsync(bucket, "dir/the-user's key")).UploadId;
        var etags = new List<PartETag>();
        for (var i = 0; i < parts.Length; i++)
        {
            var response = await _s3.UploadPartAsync(new UploadPartRequest { BucketName = bucket, Key = "dir/the-user's key", UploadId = uploadId, PartNumber = i + 1, InputStream = new MemoryStream(parts[i]) });
            etags.Add(new PartETag(i + 1, response.ETag));
        }

        var added = (await fixture.BackendBlobsAsync()).Except(before).ToList();
        Assert.Equal(3, added.Count); // each acknowledged part is a backend object, named by its blob ID
        var raw = await Task.WhenAll(added.Select(id => TestRgw.ReadRawAsync(fixture.Bucket, RgwServiceFixture.Prefix + id)));
        Assert.All(parts, part => Assert.Contains(raw, r => r.AsSpan().SequenceEqual(part)));

        await _s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest { BucketName = bucket, Key = "dir/the-user's key", UploadId = uploadId, PartETags = etags });
        Assert.Equal(added.Order(), (await fixture.BackendBlobsAsync()).Except(before).Order()); // Complete copies no byte
        Assert.DoesNotContain(await TestRgw.ListAsync(fixture.Bucket), o => o.Key.Contains("user", StringComparison.Ordinal));

        var whole = parts.SelectMany(p => p).ToArray();
        Assert.Equal(whole, await GetAsync(bucket, "dir/the-user's key"));
        foreach (var (first, last) in new[] { (100 * KiB - 10, 100 * KiB + 9), (50 * KiB, 320 * KiB), (300 * KiB - 1, 350 * KiB - 1) })
        {
            var range = await GetAsync(bucket, "dir/the-user's key", r => r.ByteRange = new ByteRange(first, last));
            Assert.Equal(whole[first..(last + 1)], range);
        }
    }

    [Fact]
    public async Task CopyObjectIsZeroCopyAndUploadPartCopyOfARangeStoresOneNewBackendObject()
    {
        var bucket = await NewBucketAsync();
        var data = RandomNumberGenerator.GetBytes(300 * KiB);
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "source", InputStream = new MemoryStream(data) });
        var afterPut = await fixture.BackendBlobsAsync();

        await _s3.CopyObjectAsync(bucket, "source", bucket, "copy");
        Assert.Equal(afterPut.Order(), (await fixture.BackendBlobsAsync()).Order());
        Assert.Equal(data, await GetAsync(bucket, "copy"));

        var uploadId = (await _s3.InitiateMultipartUploadAsync(bucket, "assembled")).UploadId;
        var copied = await _s3.CopyPartAsync(new CopyPartRequest
        {
            SourceBucket = bucket,
            SourceKey = "source",
            DestinationBucket = bucket,
            DestinationKey = "assembled",
            UploadId = uploadId,
            PartNumber = 1,
            FirstByte = 1000,
            LastByte = 200_999,
        });
        var added = (await fixture.BackendBlobsAsync()).Except(afterPut).ToList();
        var blob = Assert.Single(added);
        Assert.Equal(data[1000..201_000], await TestRgw.ReadRawAsync(fixture.Bucket, RgwServiceFixture.Prefix + blob));
        await _s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest { BucketName = bucket, Key = "assembled", UploadId = uploadId, PartETags = [new PartETag(1, copied.ETag)] });
        Assert.Equal(data[1000..201_000], await GetAsync(bucket, "assembled"));
    }

    [Fact]
    public async Task SseCBytesAreCiphertextInTheBackendAndReadOnlyWithTheKey()
    {
        var bucket = await NewBucketAsync();
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var data = RandomNumberGenerator.GetBytes(64 * KiB);
        var before = await fixture.BackendBlobsAsync();
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "secret", InputStream = new MemoryStream(data), ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256, ServerSideEncryptionCustomerProvidedKey = key });

        var blob = Assert.Single((await fixture.BackendBlobsAsync()).Except(before));
        var raw = await TestRgw.ReadRawAsync(fixture.Bucket, RgwServiceFixture.Prefix + blob);
        Assert.Equal(data.Length, raw.Length);
        Assert.False(raw.AsSpan().SequenceEqual(data));
        Assert.Equal(data, await GetAsync(bucket, "secret", r =>
        {
            r.ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256;
            r.ServerSideEncryptionCustomerProvidedKey = key;
        }));
        Assert.Equal(data[1000..5000], await GetAsync(bucket, "secret", r =>
        {
            r.ByteRange = new ByteRange(1000, 4999);
            r.ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256;
            r.ServerSideEncryptionCustomerProvidedKey = key;
        }));
        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => GetAsync(bucket, "secret"));
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
    }

    [Fact]
    public async Task DeletedObjectsBlobsAreCollectedFromTheBackend()
    {
        var bucket = await NewBucketAsync();
        var before = await fixture.BackendBlobsAsync();
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "doomed", InputStream = new MemoryStream(RandomNumberGenerator.GetBytes(10 * KiB)) });
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "kept", InputStream = new MemoryStream(RandomNumberGenerator.GetBytes(10 * KiB)) });
        var added = (await fixture.BackendBlobsAsync()).Except(before).ToList();
        Assert.Equal(2, added.Count);

        await _s3.DeleteObjectAsync(bucket, "doomed");
        await fixture.Host.Get<BlobCollector>().CollectGarbageAsync(CancellationToken.None);

        var left = (await fixture.BackendBlobsAsync()).Intersect(added).ToList();
        Assert.Single(left);
        Assert.Equal(10 * KiB, (await GetAsync(bucket, "kept")).Length);
    }

    [Fact]
    public async Task OrphanSweepDeletesBackendObjectsNoRowNames()
    {
        var bucket = await NewBucketAsync();
        var data = RandomNumberGenerator.GetBytes(20 * KiB);
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "registered", InputStream = new MemoryStream(data) });
        var orphan = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var foreign = RgwServiceFixture.Prefix + "not-a-blob.txt";
        using (var backend = TestRgw.CreateClient())
        {
            await backend.PutObjectAsync(new PutObjectRequest { BucketName = fixture.Bucket, Key = RgwServiceFixture.Prefix + orphan, ContentBody = "left by a request that died" });
            await backend.PutObjectAsync(new PutObjectRequest { BucketName = fixture.Bucket, Key = foreign, ContentBody = "not ours" });
        }

        var deleted = await fixture.Host.Get<BlobCollector>().SweepOrphansAsync(CancellationToken.None);

        Assert.True(deleted >= 1);
        var keys = (await TestRgw.ListAsync(fixture.Bucket)).Select(o => o.Key).ToList();
        Assert.DoesNotContain(RgwServiceFixture.Prefix + orphan, keys);
        Assert.Contains(foreign, keys); // only blob-named objects are the service's to sweep
        Assert.Equal(data, await GetAsync(bucket, "registered"));
    }
}
