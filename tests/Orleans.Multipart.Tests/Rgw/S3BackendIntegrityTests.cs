using System.Net;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.Rgw;

/// <summary>
/// The service on PostgreSQL with its blobs in the test RGW reached through <see cref="S3BodyInspectingProxy"/>, the
/// S3 store at its default integrity (the SHA-256 of each part signed, the part's MD5 taken from RGW's ETag), driven
/// by AWSSDK.S3: a part altered between the silo and RGW is refused by RGW and answered 503 with nothing
/// acknowledged or stored, and the same part sent again is stored with the data's ETag; a client's Content-MD5 that
/// is not the body's is 400 BadDigest with nothing stored under the key or in the backend.
/// </summary>
[Collection(RgwCollection.Name)]
[Trait("Category", "Slow")]
public sealed class S3BackendIntegrityTests(S3BackendIntegrityTests.ProxiedServiceFixture fixture) : IClassFixture<S3BackendIntegrityTests.ProxiedServiceFixture>
{
    private const int KiB = 1024;

    public static TheoryData<string, int, bool> Parts => new()
    {
        // name, size, whether the client signs its payload (the SDK's x-amz-content-sha256 of the body, checked by the gateway)
        { "256 KiB, client-signed payload", 256 * KiB, true },
        { "3 MiB, aws-chunked client body", 3 * 1024 * KiB + 1, false },
    };

    [Theory]
    [MemberData(nameof(Parts))]
    public async Task PartAlteredOnTheWayToTheBackendIs503AndNothingIsAcknowledged(string name, int size, bool clientSigned)
    {
        using var s3 = fixture.Host.CreateS3Client();
        var bucket = "integrity-" + Guid.NewGuid().ToString("N")[..12];
        await s3.PutBucketAsync(bucket);
        var uploadId = (await s3.InitiateMultipartUploadAsync(bucket, "key")).UploadId;
        var data = RandomNumberGenerator.GetBytes(size);
        var before = await fixture.BackendBlobsAsync();
        UploadPartRequest Part() => new() { BucketName = bucket, Key = "key", UploadId = uploadId, PartNumber = 1, InputStream = new MemoryStream(data), UseChunkEncoding = !clientSigned };

        fixture.Proxy.Corrupt = true;
        AmazonS3Exception refused;
        try
        {
            refused = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.UploadPartAsync(Part()));
        }
        finally
        {
            fixture.Proxy.Corrupt = false;
        }

        Assert.True(refused.StatusCode == HttpStatusCode.ServiceUnavailable, $"{name}: {refused.StatusCode} {refused.ErrorCode}");
        Assert.Empty((await s3.ListPartsAsync(bucket, "key", uploadId)).Parts ?? []);
        Assert.Equal(before.Order(), (await fixture.BackendBlobsAsync()).Order());

        // The client's retry goes through: RGW stored the data, and the part's ETag (RGW's) is the data's MD5.
        var stored = await s3.UploadPartAsync(Part());
        Assert.Equal($"\"{Convert.ToHexStringLower(MD5.HashData(data))}\"", stored.ETag);
        var part = Assert.Single((await s3.ListPartsAsync(bucket, "key", uploadId)).Parts);
        Assert.Equal(size, part.Size);
        var added = Assert.Single((await fixture.BackendBlobsAsync()).Except(before));
        var backendBytes = await TestRgw.ReadRawAsync(fixture.Bucket, RgwServiceFixture.Prefix + added);
        Assert.True(data.AsSpan().SequenceEqual(backendBytes), name);
    }

    [Fact]
    public async Task ClientContentMd5OfOtherBytesIsBadDigestAndNothingIsStored()
    {
        using var s3 = fixture.Host.CreateS3Client();
        var bucket = "integrity-" + Guid.NewGuid().ToString("N")[..12];
        await s3.PutBucketAsync(bucket);
        var data = RandomNumberGenerator.GetBytes(300 * KiB);
        var before = await fixture.BackendBlobsAsync();

        var refused = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = "key",
            InputStream = new MemoryStream(data),
            MD5Digest = Convert.ToBase64String(MD5.HashData(data.AsSpan(1))),
        }));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("BadDigest", refused.ErrorCode);
        var missing = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.GetObjectMetadataAsync(bucket, "key"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(before.Order(), (await fixture.BackendBlobsAsync()).Order());
    }

    /// <summary>The service with its S3 backend endpoint pointed at a body-inspecting proxy in front of the test RGW.</summary>
    public sealed class ProxiedServiceFixture : IAsyncLifetime
    {
        internal S3BodyInspectingProxy Proxy { get; } = new(new Uri(TestRgw.Endpoint));

        public ServiceHost Host { get; private set; } = null!;

        public string Bucket { get; private set; } = "";

        public async Task InitializeAsync()
        {
            Bucket = await TestRgw.CreateBucketAsync();
            Host = await ServiceHost.StartAsync(StoreKind.Postgres, new Dictionary<string, string>(TestRgw.Settings(Bucket, RgwServiceFixture.Prefix))
            {
                ["Storage:Blobs:S3:Endpoint"] = Proxy.Endpoint,
                ["Gateway:MinPartSize"] = "1",
            });
        }

        public async Task DisposeAsync()
        {
            await Host.DisposeAsync();
            await Proxy.DisposeAsync();
        }

        /// <summary>The blob IDs the backend bucket holds now.</summary>
        public async Task<HashSet<string>> BackendBlobsAsync() =>
            (await TestRgw.ListAsync(Bucket, RgwServiceFixture.Prefix)).Select(o => o.Key[RgwServiceFixture.Prefix.Length..]).ToHashSet();
    }
}
