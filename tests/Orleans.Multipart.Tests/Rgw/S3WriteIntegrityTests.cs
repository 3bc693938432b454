using System.Security.Cryptography;
using Orleans.Multipart.Storage;
using Orleans.Multipart.Storage.Blobs;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.Rgw;

/// <summary>
/// What the S3 blob store sends the backend to check the bytes it stores, seen on the wire between the store and
/// the real RGW (<see cref="S3BodyInspectingProxy"/>): a buffered body (a part up to the multipart part size, a
/// backend multipart piece, a body of unknown length) is signed with the SHA-256 of exactly the bytes sent
/// (<c>Storage:Blobs:S3:Integrity</c> Sha256, the default) or carries Content-MD5 and no payload hash
/// (UNSIGNED-PAYLOAD, over plain HTTP too; ContentMd5); a streamed one is signed chunk by chunk. Either way a body
/// altered on the way is refused by the backend, the write fails and nothing stays in the bucket; and the MD5 the
/// store reports (the part's ETag) is the data's, whether the silo or the backend's ETag gave it.
/// </summary>
[Collection(RgwCollection.Name)]
public sealed class S3WriteIntegrityTests
{
    private const int MiB = 1024 * 1024;
    private const string Unsigned = "UNSIGNED-PAYLOAD";
    private const string ChunkSigned = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";

    /// <summary>The x-amz-content-sha256 of a body signed with its SHA-256 (the proxy's hash of the bytes it forwarded).</summary>
    private const string SignedSha256 = "SHA-256 of the body";

    public static TheoryData<string, int, bool, long, long, bool, S3BlobIntegrity, string> Paths => new()
    {
        // name, size, length known, multipart threshold, buffer memory, encrypt, integrity, the body's x-amz-content-sha256
        { "part, buffered", 3 * MiB + 5, true, 64 * MiB, 256 * MiB, false, S3BlobIntegrity.Sha256, SignedSha256 },
        { "part, buffered, encrypted", 3 * MiB + 5, true, 64 * MiB, 256 * MiB, true, S3BlobIntegrity.Sha256, SignedSha256 },
        { "one byte, buffered", 1, true, 64 * MiB, 256 * MiB, false, S3BlobIntegrity.Sha256, SignedSha256 },
        { "backend multipart", 12 * MiB + 7, true, 0, 256 * MiB, false, S3BlobIntegrity.Sha256, SignedSha256 },
        { "unknown length", 2 * MiB, false, 64 * MiB, 256 * MiB, true, S3BlobIntegrity.Sha256, SignedSha256 },
        { "part, no buffer memory left: streamed", 3 * MiB + 5, true, 64 * MiB, 3 * MiB, false, S3BlobIntegrity.Sha256, ChunkSigned },
        { "part over the part size: streamed", 6 * MiB, true, 64 * MiB, 256 * MiB, true, S3BlobIntegrity.Sha256, ChunkSigned },
        { "ContentMd5: part, buffered", 3 * MiB + 5, true, 64 * MiB, 256 * MiB, false, S3BlobIntegrity.ContentMd5, Unsigned },
        { "ContentMd5: part, buffered, encrypted", 3 * MiB + 5, true, 64 * MiB, 256 * MiB, true, S3BlobIntegrity.ContentMd5, Unsigned },
        { "ContentMd5: backend multipart", 12 * MiB + 7, true, 0, 256 * MiB, false, S3BlobIntegrity.ContentMd5, Unsigned },
        { "ContentMd5: unknown length", 2 * MiB, false, 64 * MiB, 256 * MiB, true, S3BlobIntegrity.ContentMd5, Unsigned },
        { "ContentMd5: part, no buffer memory left: streamed", 3 * MiB + 5, true, 64 * MiB, 3 * MiB, false, S3BlobIntegrity.ContentMd5, ChunkSigned },
        { "ContentMd5: part over the part size: streamed", 6 * MiB, true, 64 * MiB, 256 * MiB, true, S3BlobIntegrity.ContentMd5, ChunkSigned },
    };

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task BackendIsSentWhatChecksTheBytes(string path, int size, bool lengthKnown, long threshold, long bufferMemory, bool encrypt, S3BlobIntegrity integrity, string payloadHash)
    {
        await using var proxy = new S3BodyInspectingProxy(new Uri(TestRgw.Endpoint));
        var bucket = await TestRgw.CreateBucketAsync();
        using var store = NewStore(proxy, bucket, threshold, bufferMemory, integrity);
        var data = RandomNumberGenerator.GetBytes(size);

        var written = await store.WriteAsync(new MemoryStream(data), new BlobWriteOptions(long.MaxValue, lengthKnown ? size : null, null, encrypt), CancellationToken.None);

        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(data)), Convert.ToHexStringLower(written.Md5));
        var bodies = proxy.Requests.Where(r => r.Line.StartsWith("PUT ", StringComparison.Ordinal) && r.HasBody).ToList();
        Assert.NotEmpty(bodies);
        Assert.All(bodies, body =>
        {
            Assert.Equal(payloadHash == SignedSha256 ? body.BodySha256 : payloadHash, body.Headers["x-amz-content-sha256"]);
            // A body without a payload hash must carry its MD5, or the backend would store whatever reached it.
            Assert.Equal(payloadHash == Unsigned, body.Headers.ContainsKey("Content-MD5"));
        });
        await using var read = await store.OpenReadAsync(written.BlobId, 0, size, null, CancellationToken.None);
        var back = new MemoryStream();
        await read.CopyToAsync(back);
        Assert.True(data.AsSpan().SequenceEqual(back.ToArray()), path);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task BodyAlteredOnTheWayIsRefusedAndNothingIsKept(string path, int size, bool lengthKnown, long threshold, long bufferMemory, bool encrypt, S3BlobIntegrity integrity, string payloadHash)
    {
        await using var proxy = new S3BodyInspectingProxy(new Uri(TestRgw.Endpoint)) { Corrupt = true };
        var bucket = await TestRgw.CreateBucketAsync();
        using var store = NewStore(proxy, bucket, threshold, bufferMemory, integrity);
        var data = RandomNumberGenerator.GetBytes(size);

        var thrown = await Record.ExceptionAsync(() => store.WriteAsync(new MemoryStream(data), new BlobWriteOptions(long.MaxValue, lengthKnown ? size : null, null, encrypt), CancellationToken.None));

        Assert.True(thrown is StorageUnavailableException, $"{path} ({payloadHash}): {thrown?.GetType().Name ?? "no error"}: {thrown?.Message}");
        Assert.Empty(await TestRgw.ListAsync(bucket));
    }

    /// <summary>The buffer memory is given back after each write: one part's worth serves one part after another.</summary>
    [Fact]
    public async Task BufferMemoryIsReusedPartAfterPart()
    {
        await using var proxy = new S3BodyInspectingProxy(new Uri(TestRgw.Endpoint));
        var bucket = await TestRgw.CreateBucketAsync();
        using var store = NewStore(proxy, bucket, 64 * MiB, 4 * MiB, S3BlobIntegrity.Sha256);
        for (var i = 0; i < 3; i++)
        {
            var data = RandomNumberGenerator.GetBytes(4 * MiB - i);
            var written = await store.WriteAsync(new MemoryStream(data), new BlobWriteOptions(long.MaxValue, data.Length), CancellationToken.None);
            Assert.Equal(MD5.HashData(data), written.Md5);
        }

        var bodies = proxy.Requests.Where(r => r.HasBody).ToList();
        Assert.Equal(3, bodies.Count);
        Assert.All(bodies, body => Assert.Equal(body.BodySha256, body.Headers["x-amz-content-sha256"]));
    }

    private static S3BlobStore NewStore(S3BodyInspectingProxy proxy, string bucket, long threshold, long bufferMemory, S3BlobIntegrity integrity) =>
        RgwBlobStore.Create(bucket, proxy.Endpoint, options =>
        {
            options.MultipartThreshold = threshold;
            options.MultipartPartSize = 5 * MiB;
            options.UploadBufferMemory = bufferMemory;
            options.RequestTimeout = TimeSpan.FromSeconds(30);
            options.MaxRetries = 1;
            options.Integrity = integrity;
        });
}
