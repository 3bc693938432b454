using System.Net;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>One running service per test class, on SQLite or PostgreSQL; <paramref name="settings"/> added to the test defaults.</summary>
public abstract class ServiceFixture(StoreKind kind, IReadOnlyDictionary<string, string>? settings = null) : IAsyncLifetime
{
    public ServiceHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await ServiceHost.StartAsync(kind, new Dictionary<string, string>(settings ?? new Dictionary<string, string>())
    {
        ["Collector:GarbageGracePeriod"] = "00:00:00",
        ["Gateway:BodyIdleTimeout"] = "00:00:03",
    });

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

public sealed class SqliteServiceFixture() : ServiceFixture(StoreKind.Sqlite);

public sealed class PostgresServiceFixture() : ServiceFixture(StoreKind.Postgres);

public abstract class S3TestBase(ServiceFixture fixture)
{
    protected const int MiB = 1024 * 1024;

    protected ServiceHost Host => fixture.Host;

    protected AmazonS3Client S3 { get; } = fixture.Host.CreateS3Client();

    protected HttpClient Http { get; } = fixture.Host.CreateHttpClient();

    protected async Task<string> NewBucketAsync()
    {
        var name = "bkt-" + Guid.NewGuid().ToString("N")[..12];
        await S3.PutBucketAsync(new PutBucketRequest { BucketName = name });
        return name;
    }

    protected async Task<string> NewExclusiveBucketAsync()
    {
        var name = "excl-" + Guid.NewGuid().ToString("N")[..12];
        var response = await TestSigV4Signer.SendAsync(Http, HttpMethod.Put, "/" + name, customize: r => r.Headers.Add("x-multipart-bucket-rule", "exclusive"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return name;
    }

    protected static byte[] RandomBytes(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    protected async Task<string> InitiateAsync(string bucket, string key) =>
        (await S3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = bucket, Key = key })).UploadId;

    protected async Task<PartETag> UploadPartAsync(string bucket, string key, string uploadId, int number, byte[] data)
    {
        var response = await S3.UploadPartAsync(new UploadPartRequest
        {
            BucketName = bucket,
            Key = key,
            UploadId = uploadId,
            PartNumber = number,
            InputStream = new MemoryStream(data),
        });
        Assert.Equal(Md5Hex(data), response.ETag.Trim('"'));
        return new PartETag(number, response.ETag);
    }

    protected Task<CompleteMultipartUploadResponse> CompleteAsync(string bucket, string key, string uploadId, IEnumerable<PartETag> parts) =>
        S3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest { BucketName = bucket, Key = key, UploadId = uploadId, PartETags = parts.ToList() });

    protected async Task<byte[]> GetBytesAsync(string bucket, string key, Action<GetObjectRequest>? customize = null)
    {
        var request = new GetObjectRequest { BucketName = bucket, Key = key };
        customize?.Invoke(request);
        using var response = await S3.GetObjectAsync(request);
        using var buffer = new MemoryStream();
        await response.ResponseStream.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    protected static string Md5Hex(byte[] data) => Convert.ToHexStringLower(MD5.HashData(data));

    protected static string MultipartETag(params byte[][] parts) =>
        Convert.ToHexStringLower(MD5.HashData(parts.SelectMany(p => MD5.HashData(p)).ToArray())) + "-" + parts.Length;

    protected static async Task<AmazonS3Exception> S3Error(Func<Task> call) => await Assert.ThrowsAnyAsync<AmazonS3Exception>(call);

    protected async Task<IReadOnlyList<int>> ListPartNumbersAsync(string bucket, string key, string uploadId)
    {
        var parts = await S3.ListPartsAsync(new ListPartsRequest { BucketName = bucket, Key = key, UploadId = uploadId });
        return (parts.Parts ?? []).Select(p => p.PartNumber ?? 0).ToList();
    }

    /// <summary>Every blob in the host's backend now (<see cref="ServiceHost.BlobsAsync"/>: local files or RGW objects).</summary>
    protected Task<HashSet<string>> BlobsAsync() => Host.BlobsAsync();
}
