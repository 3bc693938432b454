using System.Globalization;
using System.Text.RegularExpressions;
using Amazon.S3.Model;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>The Prometheus scrape endpoint, read as Prometheus would, before and after real uploads.</summary>
/// <remarks>
/// Not in parallel with other tests: OpenTelemetry listens to every meter named Orleans.Multipart in the
/// process, so the other test hosts' uploads would move the counters too (one host per process in production).
/// </remarks>
[Collection(MetricsCollection.Name)]
public sealed partial class MetricsTests
{
    [Fact]
    public async Task ScrapeShowsTheUploadCountersMovedByDialect()
    {
        await using var host = await ServiceHost.StartAsync(StoreKind.Sqlite);
        using var http = host.CreateHttpClient();
        var before = await ScrapeAsync(http);

        var s3 = host.CreateS3Client();
        await s3.PutBucketAsync("metrics-bucket");
        var part = new byte[5 * 1024 * 1024 + 17];
        new Random(3).NextBytes(part);
        var completed = (await s3.InitiateMultipartUploadAsync("metrics-bucket", "done")).UploadId;
        var etag = (await s3.UploadPartAsync(new UploadPartRequest { BucketName = "metrics-bucket", Key = "done", UploadId = completed, PartNumber = 1, InputStream = new MemoryStream(part) })).ETag;
        await s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest { BucketName = "metrics-bucket", Key = "done", UploadId = completed, PartETags = [new PartETag(1, etag)] });
        var aborted = (await s3.InitiateMultipartUploadAsync("metrics-bucket", "gone")).UploadId;
        await s3.AbortMultipartUploadAsync("metrics-bucket", "gone", aborted);

        // A refused request moves nothing: Complete of the aborted upload is NoSuchUpload.
        await Assert.ThrowsAnyAsync<Amazon.S3.AmazonS3Exception>(() => s3.CompleteMultipartUploadAsync(
            new CompleteMultipartUploadRequest { BucketName = "metrics-bucket", Key = "gone", UploadId = aborted, PartETags = [new PartETag(1, etag)] }));

        var cdcs = new CdcsClient(host);
        var coffer = "coffermetrics-1250000000";
        Assert.Equal(200, (await cdcs.SendAsync(HttpMethod.Put, "/" + coffer)).Status);
        Assert.Equal(200, (await cdcs.SendAsync(HttpMethod.Post, $"/{coffer}/object", "uploads")).Status);

        // A wrong signature in each of two dialects is an authentication failure of that dialect.
        await Assert.ThrowsAnyAsync<Amazon.S3.AmazonS3Exception>(() => host.CreateS3Client(secretKey: "wrong-secret").ListBucketsAsync());
        cdcs.SecretKey = "wrong-secret";
        Assert.Equal(403, (await cdcs.SendAsync(HttpMethod.Head, "/" + coffer)).Status);

        var after = await ScrapeAsync(http);
        double Moved(string series) => after.GetValueOrDefault(series) - before.GetValueOrDefault(series);
        Assert.Equal(2, Moved("omp_uploads_initiated_total{dialect=\"s3\"}"));
        Assert.Equal(1, Moved("omp_uploads_initiated_total{dialect=\"cdcs\"}"));
        Assert.Equal(1, Moved("omp_uploads_completed_total{dialect=\"s3\"}"));
        Assert.Equal(1, Moved("omp_uploads_aborted_total{dialect=\"s3\"}"));
        Assert.Equal(1, Moved("omp_parts_stored_total{dialect=\"s3\"}"));
        Assert.Equal(part.Length, Moved("omp_bytes_received_bytes_total{dialect=\"s3\"}"));
        Assert.Equal(1, Moved("omp_complete_duration_seconds_count{dialect=\"s3\"}"));
        Assert.Equal(1, Moved("omp_auth_failures_total{dialect=\"s3\",error=\"SignatureDoesNotMatch\"}"));
        Assert.Equal(1, Moved("omp_auth_failures_total{dialect=\"cdcs\",error=\"SignatureDoesNotMatch\"}"));
        Assert.Equal(1, Moved("omp_request_duration_seconds_count{dialect=\"s3\",operation=\"UploadPart\",status=\"200\"}"));
        Assert.Equal(1, Moved("omp_request_duration_seconds_count{dialect=\"s3\",operation=\"CompleteUpload\",status=\"200\"}"));
        Assert.Contains(after.Keys, k => k.StartsWith("http_server_request_duration_seconds_count", StringComparison.Ordinal));
        Assert.Contains(after.Keys, k => k.StartsWith("orleans_", StringComparison.Ordinal));
    }

    /// <summary>
    /// The latency histograms count in seconds with second-scale buckets: a request the client saw
    /// answered in under 0.1 s is counted in the le="0.1" bucket (with OpenTelemetry's default
    /// boundaries, meant for milliseconds, everything under 5 s shares one bucket and le="0.1" does not exist).
    /// </summary>
    [Fact]
    public async Task AFastRequestLandsInASubSecondLatencyBucket()
    {
        await using var host = await ServiceHost.StartAsync(StoreKind.Sqlite);
        using var http = host.CreateHttpClient();
        var s3 = host.CreateS3Client();
        await s3.PutBucketAsync("latency-bucket");
        var uploadId = (await s3.InitiateMultipartUploadAsync("latency-bucket", "warm")).UploadId;
        await s3.AbortMultipartUploadAsync("latency-bucket", "warm", uploadId);
        var before = await ScrapeAsync(http);

        // The server's time is within the client's: count the requests the client saw take under 0.1 s
        // (a loaded machine may slow some; a few tries make at least one fast).
        var fast = 0;
        for (var i = 0; i < 30 && fast < 3; i++)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "latency-bucket" });
            fast += watch.Elapsed < TimeSpan.FromSeconds(0.1) ? 1 : 0;
        }

        Assert.True(fast > 0, "no ListObjects answered within 0.1 s in 30 tries");
        var after = await ScrapeAsync(http);
        double Moved(string series) => after.GetValueOrDefault(series) - before.GetValueOrDefault(series);
        Assert.True(Moved("omp_request_duration_seconds_bucket{dialect=\"s3\",operation=\"ListObjectsV2\",status=\"200\",le=\"0.1\"}") >= fast,
            "fast requests missing from le=0.1: " + string.Join("\n", after.Keys.Where(k => k.StartsWith("omp_request_duration_seconds_bucket", StringComparison.Ordinal) && k.Contains("ListObjects", StringComparison.Ordinal))));

        // The Complete histogram has the same second-scale boundaries.
        var complete = (await s3.InitiateMultipartUploadAsync("latency-bucket", "done")).UploadId;
        var etag = (await s3.UploadPartAsync(new UploadPartRequest { BucketName = "latency-bucket", Key = "done", UploadId = complete, PartNumber = 1, InputStream = new MemoryStream([1, 2, 3]) })).ETag;
        await s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest { BucketName = "latency-bucket", Key = "done", UploadId = complete, PartETags = [new PartETag(1, etag)] });
        var completed = await ScrapeAsync(http);
        foreach (var bound in LatencyBuckets.Seconds)
        {
            Assert.Contains($"omp_complete_duration_seconds_bucket{{dialect=\"s3\",le=\"{bound.ToString(CultureInfo.InvariantCulture)}\"}}", completed.Keys);
        }
    }

    /// <summary>Series (name with labels, as exposed, minus otel_scope labels) to value.</summary>
    internal static async Task<Dictionary<string, double>> ScrapeAsync(HttpClient http)
    {
        using var response = await http.GetAsync("/-/metrics");
        response.EnsureSuccessStatusCode();
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType ?? "", StringComparison.Ordinal);
        var series = new Dictionary<string, double>();
        foreach (var line in (await response.Content.ReadAsStringAsync()).Split('\n'))
        {
            var match = SampleLine().Match(line);
            if (!match.Success)
            {
                continue;
            }

            var labels = string.Join(",", match.Groups["labels"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("otel_scope", StringComparison.Ordinal)));
            var name = match.Groups["name"].Value + (labels.Length > 0 ? "{" + labels + "}" : "");
            series[name] = series.GetValueOrDefault(name) + double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
        }

        return series;
    }

    [GeneratedRegex("^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(?<labels>[^}]*)\\})? (?<value>[^ ]+)")]
    private static partial Regex SampleLine();
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "metrics (alone in the process)";
}
