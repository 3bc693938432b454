using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Multipart.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// Stale uploads made visible on the Prometheus endpoint: open uploads with real parts sent through AWSSDK.S3 over
/// HTTP, then the scrape read as Prometheus reads it, until the periodic summary has caught up.
/// </summary>
/// <remarks>In the metrics collection (alone in the process): every host's gauges share the service's meter name.</remarks>
[Collection(MetricsCollection.Name)]
public sealed class OpenUploadGaugeTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task ScrapeShowsTheBucketsWhoseOpenUploadsHoldTheMostBytes(StoreKind store)
    {
        await using var host = await ServiceHost.StartAsync(store, new Dictionary<string, string>
        {
            ["StaleUploads:RefreshPeriod"] = "00:00:01",
            ["StaleUploads:TopBuckets"] = "2",
        }, output);
        using var http = host.CreateHttpClient();
        using var s3 = host.CreateS3Client();
        var run = Guid.NewGuid().ToString("N")[..8];
        var (large, middle, small, empty) = ($"gauge-large-{run}", $"gauge-middle-{run}", $"gauge-small-{run}", $"gauge-empty-{run}");
        foreach (var bucket in new[] { large, middle, small, empty })
        {
            await s3.PutBucketAsync(bucket);
        }

        // large: two open uploads, 3,000 and 2,000 + 1,000 bytes; middle: one of 4,000; small: one of 500 and an
        // aborted one; empty: an upload without parts and a completed one (its parts now hold an object).
        await OpenUploadAsync(s3, large, "a", 3000);
        await OpenUploadAsync(s3, large, "b", 2000, 1000);
        var middleUpload = await OpenUploadAsync(s3, middle, "c", 4000);
        await OpenUploadAsync(s3, small, "d", 500);
        var aborted = await OpenUploadAsync(s3, small, "e", 7000);
        await s3.AbortMultipartUploadAsync(small, "e", aborted.UploadId);
        await OpenUploadAsync(s3, empty, "f");
        var completed = await OpenUploadAsync(s3, empty, "g", 9000);
        await CompleteAsync(s3, completed);

        // Waits for the summary of the end state: one taken midway (before the abort, say) can match a part of it.
        var scrape = await ScrapeUntilAsync(http, s => s.GetValueOrDefault(Series("omp_uploads_open_bytes", large)) == 6000
            && s.GetValueOrDefault("omp_uploads_open_all") == 5 && s.GetValueOrDefault("omp_uploads_open_buckets") == 4);
        Assert.Equal(2, scrape[Series("omp_uploads_open", large)]);
        Assert.Equal(1, scrape[Series("omp_uploads_open", middle)]);
        Assert.Equal(4000, scrape[Series("omp_uploads_open_bytes", middle)]);
        // Only the top two buckets by bytes have series of their own; the totals count every bucket.
        Assert.DoesNotContain(Series("omp_uploads_open_bytes", small), scrape.Keys);
        Assert.DoesNotContain(Series("omp_uploads_open_bytes", empty), scrape.Keys);
        Assert.Equal(4, scrape["omp_uploads_open_buckets"]);
        Assert.Equal(6000 + 4000 + 500, scrape["omp_uploads_open_all_bytes"]);
        var age = scrape[Series("omp_uploads_open_oldest_age_seconds", large)];
        Assert.InRange(age, 0, Patience.TotalSeconds * 3);
        Assert.InRange(scrape["omp_uploads_open_all_oldest_age_seconds"], age, Patience.TotalSeconds * 3);

        // Completing the middle bucket's upload frees its place among the top two: the small bucket takes it.
        await CompleteAsync(s3, middleUpload);
        scrape = await ScrapeUntilAsync(http, s => s.GetValueOrDefault(Series("omp_uploads_open_bytes", small)) == 500 && s.GetValueOrDefault("omp_uploads_open_all") == 4);
        Assert.DoesNotContain(Series("omp_uploads_open_bytes", middle), scrape.Keys);
        Assert.Equal(6000, scrape[Series("omp_uploads_open_bytes", large)]);
        Assert.Equal(4, scrape["omp_uploads_open_all"]);
        Assert.Equal(6000 + 500, scrape["omp_uploads_open_all_bytes"]);
    }

    [Fact]
    public async Task ABucketPassingTheThresholdIsOneWarningLine()
    {
        var logs = new CapturingLoggerProvider();
        await using var host = await ServiceHost.StartAsync(StoreKind.Sqlite, new Dictionary<string, string>
        {
            ["StaleUploads:RefreshPeriod"] = "00:00:01",
            ["StaleUploads:WarnAboveBytes"] = "5000",
        }, output, builder => builder.Logging.AddProvider(logs));
        using var s3 = host.CreateS3Client();
        var run = Guid.NewGuid().ToString("N")[..8];
        var (over, under) = ($"warn-over-{run}", $"warn-under-{run}");
        await s3.PutBucketAsync(over);
        await s3.PutBucketAsync(under);
        await OpenUploadAsync(s3, over, "big", 3000, 3000);
        var growing = await OpenUploadAsync(s3, under, "growing", 4000);

        var warning = await logs.WaitForAsync(e => IsThresholdWarning(e) && e["Bucket"] == over);
        Assert.Equal(3201, warning.EventId);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Equal("6000", warning["Bytes"]);
        Assert.Equal("1", warning["Uploads"]);
        Assert.Equal("5000", warning["Threshold"]);

        // Several refreshes later the bucket is still over: no second line for it; the bucket under it has none.
        var gauges = host.Services.GetRequiredService<Orleans.Multipart.Grains.Admin.OpenUploadGauges>();
        var seen = gauges.Latest?.Computed;
        for (var refreshes = 0; refreshes < 3; refreshes++)
        {
            seen = await NextSummaryAsync(gauges, seen);
        }

        Assert.Single(logs.Entries, e => IsThresholdWarning(e) && e["Bucket"] == over);
        Assert.DoesNotContain(logs.Entries, e => IsThresholdWarning(e) && e["Bucket"] == under);

        // One more part takes the other bucket past the threshold: now it has its line.
        await s3.UploadPartAsync(new UploadPartRequest { BucketName = under, Key = "growing", UploadId = growing.UploadId, PartNumber = 2, InputStream = new MemoryStream(new byte[2000]) });
        var passed = await logs.WaitForAsync(e => IsThresholdWarning(e) && e["Bucket"] == under);
        Assert.Equal("6000", passed["Bytes"]);
        Assert.Single(logs.Entries, e => IsThresholdWarning(e) && e["Bucket"] == over);
    }

    private static bool IsThresholdWarning(CapturedLog entry) =>
        entry.Category == "Orleans.Multipart.Grains.Admin.OpenUploadSummaryGrain" && entry.Level == LogLevel.Warning;

    private static Task<DateTimeOffset?> NextSummaryAsync(Orleans.Multipart.Grains.Admin.OpenUploadGauges gauges, DateTimeOffset? after) =>
        Eventually.ReadsAsync(
            () => Task.FromResult(gauges.Latest?.Computed),
            computed => computed is not null && computed != after,
            "the refresh of the open-upload summary",
            Patience,
            TimeSpan.FromMilliseconds(100));

    private static string Series(string name, string bucket) => $"{name}{{bucket=\"{bucket}\"}}";

    /// <summary>Scrapes until <paramref name="caughtUp"/> holds: the summary is refreshed every second, on its own schedule.</summary>
    private static Task<Dictionary<string, double>> ScrapeUntilAsync(HttpClient http, Func<Dictionary<string, double>, bool> caughtUp) =>
        Eventually.ReadsAsync(
            () => MetricsTests.ScrapeAsync(http),
            caughtUp,
            "the scrape's showing the open uploads",
            Patience,
            describe: scrape => "\n" + string.Join("\n", scrape.Where(s => s.Key.StartsWith("omp_uploads_open", StringComparison.Ordinal)).Select(s => $"{s.Key} {s.Value}")));

    private sealed record OpenUpload(string Bucket, string Key, string UploadId, List<PartETag> Parts);

    /// <summary>Initiates an upload and sends one part of each given size (the parts' bytes are what the gauges count).</summary>
    private static async Task<OpenUpload> OpenUploadAsync(AmazonS3Client s3, string bucket, string key, params int[] partSizes)
    {
        var uploadId = (await s3.InitiateMultipartUploadAsync(bucket, key)).UploadId;
        var parts = new List<PartETag>();
        for (var i = 0; i < partSizes.Length; i++)
        {
            var body = new byte[partSizes[i]];
            Random.Shared.NextBytes(body);
            var etag = (await s3.UploadPartAsync(new UploadPartRequest { BucketName = bucket, Key = key, UploadId = uploadId, PartNumber = i + 1, InputStream = new MemoryStream(body) })).ETag;
            parts.Add(new PartETag(i + 1, etag));
        }

        return new OpenUpload(bucket, key, uploadId, parts);
    }

    private static Task CompleteAsync(AmazonS3Client s3, OpenUpload upload) =>
        s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest { BucketName = upload.Bucket, Key = upload.Key, UploadId = upload.UploadId, PartETags = upload.Parts });
}
