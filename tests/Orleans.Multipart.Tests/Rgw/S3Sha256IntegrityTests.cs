using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Orleans.Multipart.Storage;
using Orleans.Multipart.Storage.Blobs;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.Rgw;

/// <summary>
/// The S3 store's default integrity (<c>Storage:Blobs:S3:Integrity</c> Sha256) against the real RGW, seen on the wire
/// (<see cref="S3BodyInspectingProxy"/>): a buffered body is signed with the SHA-256 of the bytes sent and carries no
/// Content-MD5; the MD5 of a blob the silo does not encrypt is RGW's ETag, an encrypted one's the silo's own (the ETag
/// is the ciphertext's); a caller that signed its payload has its SHA-256 serve as the backend's check too, and still
/// gets the right value; RGW refuses bytes whose SHA-256 differs, by name; and an ETag that is not an MD5 makes the
/// silo hash its copy.
/// </summary>
[Collection(RgwCollection.Name)]
public sealed class S3Sha256IntegrityTests
{
    private const int MiB = 1024 * 1024;

    public static TheoryData<string, int, bool, bool> Writes => new()
    {
        // name, size, encrypt, whether the caller signed its payload (its SHA-256 is an extra hash of the write)
        { "plain part", 3 * MiB + 5, false, false },
        { "plain part, caller-signed payload", 3 * MiB + 5, false, true },
        { "encrypted part", 3 * MiB + 5, true, false },
        { "encrypted part, caller-signed payload", 3 * MiB + 5, true, true },
        { "one byte, caller-signed payload", 1, false, true },
    };

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task BodyIsSignedWithTheSha256OfWhatIsSentAndTheMd5IsTheDataMd5(string name, int size, bool encrypt, bool callerSigned)
    {
        await using var proxy = new S3BodyInspectingProxy(new Uri(TestRgw.Endpoint));
        var bucket = await TestRgw.CreateBucketAsync();
        using var store = NewStore(proxy, bucket);
        var data = RandomNumberGenerator.GetBytes(size);
        using var callerSha256 = callerSigned ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;

        var written = await store.WriteAsync(new MemoryStream(data), new BlobWriteOptions(long.MaxValue, size, callerSha256 is null ? null : [callerSha256], encrypt), CancellationToken.None);

        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(data)), Convert.ToHexStringLower(written.Md5));
        if (callerSha256 is not null)
        {
            // The caller checks its signature with this value after the write: it must still be the data's.
            Assert.Equal(SHA256.HashData(data), callerSha256.GetHashAndReset());
        }

        var put = Assert.Single(proxy.Requests, r => r.Line.StartsWith("PUT ", StringComparison.Ordinal) && r.HasBody);
        Assert.False(put.Headers.ContainsKey("Content-MD5"), name);
        Assert.Equal(put.BodySha256, put.Headers["x-amz-content-sha256"]);
        // Encrypted, the bytes sent are ciphertext: their hash, not the data's.
        Assert.Equal(!encrypt, put.BodySha256 == Convert.ToHexStringLower(SHA256.HashData(data)));
        await using var read = await store.OpenReadAsync(written.BlobId, 0, size, null, CancellationToken.None);
        var back = new MemoryStream();
        await read.CopyToAsync(back);
        Assert.True(data.AsSpan().SequenceEqual(back.ToArray()), name);
    }

    /// <summary>What protects the default: RGW verifies the signed payload hash and refuses the altered body (400, not retried), so nothing is stored.</summary>
    [Fact]
    public async Task RgwRefusesBytesWhoseSha256DiffersFromTheSignedOne()
    {
        await using var proxy = new S3BodyInspectingProxy(new Uri(TestRgw.Endpoint)) { Corrupt = true };
        var bucket = await TestRgw.CreateBucketAsync();
        using var store = NewStore(proxy, bucket);
        var data = RandomNumberGenerator.GetBytes(2 * MiB + 3);

        var refused = await Assert.ThrowsAsync<StorageUnavailableException>(() => store.WriteAsync(new MemoryStream(data), new BlobWriteOptions(long.MaxValue, data.Length), CancellationToken.None));

        Assert.True(refused.Message.Contains("XAmzContentSHA256Mismatch", StringComparison.OrdinalIgnoreCase), refused.Message);
        Assert.Single(proxy.Requests, r => r.Line.StartsWith("PUT ", StringComparison.Ordinal) && r.HasBody);
        Assert.Empty(await TestRgw.ListAsync(bucket));
    }

    /// <summary>The fallback kept for a backend whose ETags are not MD5s: the silo hashes the copy it still holds, says so once per part (EventId 4103), and the MD5 is the data's.</summary>
    [Fact]
    public async Task ETagThatIsNotAnMd5MakesTheSiloHashItsCopy()
    {
        await using var proxy = new S3BodyInspectingProxy(new Uri(TestRgw.Endpoint), etagsNotMd5: true);
        var bucket = await TestRgw.CreateBucketAsync();
        var logs = new CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(builder => builder.AddProvider(logs));
        using var store = NewStore(proxy, bucket, loggers.CreateLogger<S3BlobStore>());
        var data = RandomNumberGenerator.GetBytes(3 * MiB + 5);

        var written = await store.WriteAsync(new MemoryStream(data), new BlobWriteOptions(long.MaxValue, data.Length), CancellationToken.None);

        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(data)), Convert.ToHexStringLower(written.Md5));
        var warning = Assert.Single(logs.Entries, e => e.EventId == 4103);
        Assert.EndsWith("-1\"", warning.Values["ETag"]?.ToString());
        var put = Assert.Single(proxy.Requests, r => r.Line.StartsWith("PUT ", StringComparison.Ordinal) && r.HasBody);
        Assert.Equal(put.BodySha256, put.Headers["x-amz-content-sha256"]);
    }

    /// <summary>Integrity left at its default.</summary>
    private static S3BlobStore NewStore(S3BodyInspectingProxy proxy, string bucket, ILogger<S3BlobStore>? logger = null) =>
        RgwBlobStore.Create(bucket, proxy.Endpoint, options =>
        {
            options.RequestTimeout = TimeSpan.FromSeconds(30);
            options.MaxRetries = 1;
        }, logger);
}
