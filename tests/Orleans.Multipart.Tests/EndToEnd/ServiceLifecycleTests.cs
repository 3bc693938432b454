using System.Net;
using System.Text;
using System.Xml.Linq;
using Amazon.S3.Model;
using Orleans.Multipart.Silo.Storage.Blobs;
using Orleans.Multipart.Storage.Blobs;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>Restarts, the seed's golden exchange, expiry and the collector: each with its own service.</summary>
public sealed class ServiceLifecycleTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int MiB = 1024 * 1024;

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task RestartBetweenUploadPartAndCompleteLosesNothing(StoreKind kind)
    {
        await using var host = await ServiceHost.StartAsync(kind, null, output);
        var s3 = host.CreateS3Client();
        await s3.PutBucketAsync("restart-bucket");
        var uploadId = (await s3.InitiateMultipartUploadAsync("restart-bucket", "survivor")).UploadId;
        var p1 = new byte[5 * MiB];
        var p2 = new byte[123];
        new Random(7).NextBytes(p1);
        new Random(8).NextBytes(p2);
        var e1 = await s3.UploadPartAsync(new UploadPartRequest { BucketName = "restart-bucket", Key = "survivor", UploadId = uploadId, PartNumber = 1, InputStream = new MemoryStream(p1) });
        var e2 = await s3.UploadPartAsync(new UploadPartRequest { BucketName = "restart-bucket", Key = "survivor", UploadId = uploadId, PartNumber = 2, InputStream = new MemoryStream(p2) });

        await host.RestartAsync();
        s3 = host.CreateS3Client();
        var parts = await s3.ListPartsAsync("restart-bucket", "survivor", uploadId);
        Assert.Equal([1, 2], parts.Parts.Select(p => p.PartNumber ?? 0));
        Assert.Contains(uploadId, (await s3.ListMultipartUploadsAsync("restart-bucket")).MultipartUploads.Select(u => u.UploadId));
        await s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = "restart-bucket",
            Key = "survivor",
            UploadId = uploadId,
            PartETags = [new PartETag(1, e1.ETag), new PartETag(2, e2.ETag)],
        });

        await host.RestartAsync();
        using var get = await host.CreateS3Client().GetObjectAsync("restart-bucket", "survivor");
        var read = new MemoryStream();
        await get.ResponseStream.CopyToAsync(read);
        Assert.Equal(p1.Concat(p2).ToArray(), read.ToArray());
    }

    /// <summary>Seed 001: POST /example-object?uploads to a virtual-host bucket, answered as the seed's example response.</summary>
    [Fact]
    public async Task Seed001InitiateExchangeMatchesTheGoldenResponse()
    {
        await using var host = await ServiceHost.StartAsync(StoreKind.Sqlite, null, output);
        await host.CreateS3Client().PutBucketAsync("oss-example");
        using var http = host.CreateHttpClient();
        var virtualHost = $"oss-example.s3.localhost:{host.BaseAddress.Port}";
        var response = await TestSigV4Signer.SendAsync(http, HttpMethod.Post, "/example-object?uploads", customize: r => r.Headers.Host = virtualHost, hostHeader: virtualHost);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches("^[0-9A-F]{16}$", response.Headers.GetValues("x-amz-request-id").Single());
        var body = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", body, StringComparison.OrdinalIgnoreCase);
        var root = XDocument.Parse(body).Root!;
        XNamespace ns = "http://s3.amazonaws.com/doc/2006-03-01/";
        Assert.Equal(ns + "InitiateMultipartUploadResult", root.Name);
        Assert.Equal(["Bucket", "Key", "UploadId"], root.Elements().Select(e => e.Name.LocalName));
        Assert.Equal("oss-example", root.Element(ns + "Bucket")!.Value);
        Assert.Equal("example-object", root.Element(ns + "Key")!.Value);
        var uploadId = root.Element(ns + "UploadId")!.Value;
        Assert.NotEmpty(uploadId);
        Assert.Equal(response.Content.Headers.ContentLength, Encoding.UTF8.GetByteCount(body));

        var parts = await host.CreateS3Client().ListPartsAsync("oss-example", "example-object", uploadId);
        Assert.Equal(uploadId, parts.UploadId);
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task ExpiredUploadsAreAbortedByTheSweep(StoreKind kind)
    {
        // 3 s: the fresh upload below stays younger than that between its initiate and the sweep, even on a loaded machine.
        await using var host = await ServiceHost.StartAsync(kind, new Dictionary<string, string> { ["Multipart:AbortIncompleteUploadsAfter"] = "00:00:03" }, output);
        var s3 = host.CreateS3Client();
        await s3.PutBucketAsync("expiry");
        var uploadId = (await s3.InitiateMultipartUploadAsync("expiry", "stale")).UploadId;
        await s3.UploadPartAsync(new UploadPartRequest { BucketName = "expiry", Key = "stale", UploadId = uploadId, PartNumber = 1, InputStream = new MemoryStream([1, 2]) });
        var sweep = host.Get<IGrainFactory>().GetGrain<IUploadExpiryGrain>(IUploadExpiryGrain.DefaultKey);

        // Swept until the stale upload has aged past the limit (it is the only upload, so the first abort is it).
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (await sweep.Sweep() == 0)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "the stale upload was not aborted within 60 s of a 3 s limit");
            await Task.Delay(100);
        }

        var fresh = (await s3.InitiateMultipartUploadAsync("expiry", "fresh")).UploadId;
        Assert.Equal(0, await sweep.Sweep());
        var ex = await Assert.ThrowsAnyAsync<Amazon.S3.AmazonS3Exception>(() => s3.ListPartsAsync("expiry", "stale", uploadId));
        Assert.Equal("NoSuchUpload", ex.ErrorCode);
        Assert.Equal([fresh], ((await s3.ListMultipartUploadsAsync("expiry")).MultipartUploads ?? []).Select(u => u.UploadId));
    }

    [Fact]
    public async Task OrphanSweepDeletesOldUnreferencedFilesOnly()
    {
        // The local store's files, aged by hand; the S3 backend's sweep is S3BackendTests.OrphanSweepDeletesBackendObjectsNoRowNames.
        await using var host = await ServiceHost.StartAsync(StoreKind.Sqlite, new Dictionary<string, string> { ["Collector:OrphanGracePeriod"] = "01:00:00", ["Storage:Blobs:Provider"] = "Local" }, output);
        var s3 = host.CreateS3Client();
        await s3.PutBucketAsync("orphans");
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = "orphans", Key = "kept", ContentBody = "referenced" });
        var blobs = Path.Combine(host.DataPath, "blobs");
        var oldOrphan = Path.Combine(blobs, "ab", "ab" + new string('0', 30));
        var youngOrphan = Path.Combine(blobs, "cd", "cd" + new string('1', 30));
        await File.WriteAllTextAsync(oldOrphan, "died midway");
        await File.WriteAllTextAsync(youngOrphan, "still uploading");
        File.SetLastWriteTimeUtc(oldOrphan, DateTime.UtcNow.AddHours(-2));
        var referenced = Directory.EnumerateFiles(blobs, "*", SearchOption.AllDirectories).Where(f => f != oldOrphan && f != youngOrphan).ToList();
        foreach (var file in referenced)
        {
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddHours(-2));
        }

        Assert.Equal(1, await host.Get<BlobCollector>().SweepOrphansAsync(default));
        Assert.False(File.Exists(oldOrphan));
        Assert.True(File.Exists(youngOrphan));
        Assert.All(referenced, f => Assert.True(File.Exists(f)));
        using var get = await s3.GetObjectAsync("orphans", "kept");
        Assert.Equal("referenced", await new StreamReader(get.ResponseStream).ReadToEndAsync());
    }
}
