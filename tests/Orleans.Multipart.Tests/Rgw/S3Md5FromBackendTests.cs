using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Multipart.Storage;
using Orleans.Multipart.Storage.Blobs;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.Rgw;

/// <summary>
/// <c>Storage:Blobs:S3:Md5FromBackend</c> against the real RGW, seen on the wire (<see cref="S3BodyInspectingProxy"/>):
/// a buffered blob the silo does not encrypt goes without Content-MD5 (and unsigned) and its MD5 is the ETag RGW
/// answers, which is the MD5 of the bytes RGW stored: equal to the data's when nothing altered them, and equal to
/// the altered bytes' when something did, so a client's Content-MD5 (checked against it by the gateway) still
/// catches the damage. An encrypted blob keeps the silo's own MD5 and Content-MD5.
/// </summary>
[Collection(RgwCollection.Name)]
public sealed class S3Md5FromBackendTests
{
    private const int MiB = 1024 * 1024;
    private const string Unsigned = "UNSIGNED-PAYLOAD";

    public static TheoryData<string, int, bool, bool> Writes => new()
    {
        // name, size, encrypt, whether the body carries Content-MD5
        { "plain part: no Content-MD5, the ETag is the MD5", 3 * MiB + 5, false, false },
        { "one byte", 1, false, false },
        { "encrypted part: the silo's MD5 and Content-MD5 as without the option", 3 * MiB + 5, true, true },
    };

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task Md5IsTheDataMd5(string name, int size, bool encrypt, bool contentMd5Sent)
    {
        await using var proxy = new S3BodyInspectingProxy(new Uri(TestRgw.Endpoint));
        var bucket = await TestRgw.CreateBucketAsync();
        using var store = NewStore(proxy, bucket);
        var data = RandomNumberGenerator.GetBytes(size);

        var written = await store.WriteAsync(new MemoryStream(data), new BlobWriteOptions(long.MaxValue, size, null, encrypt), CancellationToken.None);

        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(data)), Convert.ToHexStringLower(written.Md5));
        var put = Assert.Single(proxy.Requests, r => r.Line.StartsWith("PUT ", StringComparison.Ordinal) && r.HasBody);
        Assert.Equal(Unsigned, put.Headers["x-amz-content-sha256"]);
        Assert.True(contentMd5Sent == put.Headers.ContainsKey("Content-MD5"), name);
        await using var read = await store.OpenReadAsync(written.BlobId, 0, size, null, CancellationToken.None);
        var back = new MemoryStream();
        await read.CopyToAsync(back);
        Assert.True(data.AsSpan().SequenceEqual(back.ToArray()), name);
    }

    /// <summary>The trade-off the option makes: altered bytes are stored, and the MD5 says so (it is theirs, not the data's).</summary>
    [Fact]
    public async Task BytesAlteredOnTheWayGetTheirOwnMd5NotTheData()
    {
        await using var proxy = new S3BodyInspectingProxy(new Uri(TestRgw.Endpoint)) { Corrupt = true };
        var bucket = await TestRgw.CreateBucketAsync();
        using var store = NewStore(proxy, bucket);
        var data = RandomNumberGenerator.GetBytes(2 * MiB + 3);

        var written = await store.WriteAsync(new MemoryStream(data), new BlobWriteOptions(long.MaxValue, data.Length), CancellationToken.None);

        var stored = await TestRgw.ReadRawAsync(bucket, "blobs/" + written.BlobId);
        Assert.False(data.AsSpan().SequenceEqual(stored));
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(stored)), Convert.ToHexStringLower(written.Md5));
        Assert.NotEqual(Convert.ToHexStringLower(MD5.HashData(data)), Convert.ToHexStringLower(written.Md5));
    }

    private static S3BlobStore NewStore(S3BodyInspectingProxy proxy, string bucket) =>
        new(Options.Create(new S3BlobStoreOptions
        {
            Endpoint = proxy.Endpoint,
            Bucket = bucket,
            AccessKey = TestRgw.AccessKey,
            SecretKey = TestRgw.SecretKey,
            EncryptionKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            RequestTimeout = TimeSpan.FromSeconds(30),
            MaxRetries = 1,
            Md5FromBackend = true,
        }), NullLogger<S3BlobStore>.Instance);
}
