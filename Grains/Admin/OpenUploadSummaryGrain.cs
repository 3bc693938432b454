using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Multipart.Grains.Storage;

namespace Orleans.Multipart.Grains.Admin;

/// <summary>
/// Computes the open-upload summary for the cluster. One activation answers every silo, so the query runs once per
/// refresh period for the cluster, not once per silo (each silo would read the same rows); its answers are served
/// from memory in between. Two activations for a moment (membership changes) only run the read-only query twice.
/// </summary>
[GrainType("open-upload-summary")]
internal sealed partial class OpenUploadSummaryGrain(
    IMetadataStore store,
    IOptions<StaleUploadsOptions> options,
    TimeProvider time,
    ILogger<OpenUploadSummaryGrain> logger) : Grain, IOpenUploadSummaryGrain
{
    private readonly HashSet<string> _overThreshold = new(StringComparer.Ordinal);
    private OpenUploadSummary? _latest;

    public async Task<OpenUploadSummary> Latest()
    {
        var settings = options.Value;
        if (_latest is { } latest && time.GetUtcNow() - latest.Computed < settings.RefreshPeriod)
        {
            return latest;
        }

        // Beyond the top buckets, the query also returns every bucket over the threshold, so that the warning
        // covers all buckets while the gauges stay bounded to TopBuckets series.
        var warnAbove = settings.WarnAboveBytes;
        var summary = await store.SummarizeOpenUploadsAsync(settings.TopBuckets, warnAbove is > 0 and < long.MaxValue ? warnAbove + 1 : long.MaxValue);
        if (warnAbove > 0)
        {
            WarnAboutBucketsOverThreshold(summary, warnAbove);
        }

        _latest = summary with { Computed = time.GetUtcNow(), Largest = summary.Largest.Take(settings.TopBuckets).ToList() };
        return _latest;
    }

    /// <summary>
    /// One warning when a bucket passes the threshold, not one per refresh while it stays over (a bucket that falls
    /// back under it and passes it again is reported again). The memory of which buckets were over is this
    /// activation's: after the grain moves to another silo, buckets still over it are reported once more.
    /// </summary>
    private void WarnAboutBucketsOverThreshold(OpenUploadSummary summary, long threshold)
    {
        var over = summary.Largest.Where(b => b.Bytes > threshold).ToList();
        foreach (var bucket in over.Where(b => !_overThreshold.Contains(b.Bucket)))
        {
            Log.OpenUploadBytesOverThreshold(logger, bucket.Bucket, bucket.Bytes, bucket.Uploads, bucket.OldestInitiated, threshold);
        }

        _overThreshold.Clear();
        _overThreshold.UnionWith(over.Select(b => b.Bucket));
    }

    private static partial class Log
    {
        [LoggerMessage(3201, LogLevel.Warning,
            "Open uploads of bucket {Bucket} hold {Bytes} bytes in their parts ({Uploads} uploads, the oldest initiated {OldestInitiated}), more than StaleUploads:WarnAboveBytes ({Threshold}). omp-admin uploads list --bucket shows them.")]
        public static partial void OpenUploadBytesOverThreshold(ILogger logger, string bucket, long bytes, long uploads, DateTimeOffset oldestInitiated, long threshold);
    }
}
