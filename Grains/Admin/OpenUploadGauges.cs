using System.Diagnostics.Metrics;

namespace Orleans.Multipart.Grains.Admin;

/// <summary>
/// The open-upload gauges on the service's meter (<see cref="MultipartMetrics.MeterName"/>): per bucket for the
/// buckets whose open uploads hold the most bytes (<see cref="StaleUploadsOptions.TopBuckets"/>, label
/// <c>bucket</c>), and for the whole service. Every silo shows the cluster's figures from the latest summary it
/// was given (<see cref="Update"/>), so aggregate across silos with max, not sum. The ages are measured at
/// each scrape from when the oldest upload was initiated, so they grow between refreshes as they do in fact.
/// </summary>
public sealed class OpenUploadGauges
{
    private readonly TimeProvider _time;
    private volatile OpenUploadSummary? _latest;

    public OpenUploadGauges(IMeterFactory meters, TimeProvider time)
    {
        _time = time;
        var meter = meters.Create(MultipartMetrics.MeterName);
        meter.CreateObservableGauge("omp.uploads.open", () => PerBucket(b => b.Uploads), "{upload}",
            "Open multipart uploads of the bucket (the buckets whose open uploads hold the most bytes).");
        meter.CreateObservableGauge("omp.uploads.open.bytes", () => PerBucket(b => b.Bytes), "By",
            "Bytes the parts of the bucket's open uploads hold.");
        meter.CreateObservableGauge("omp.uploads.open.oldest_age", () => PerBucket(b => Age(b.OldestInitiated)), "s",
            "Age of the bucket's oldest open upload.");
        meter.CreateObservableGauge("omp.uploads.open.all", () => Whole(s => s.Uploads), "{upload}",
            "Open multipart uploads of every bucket.");
        meter.CreateObservableGauge("omp.uploads.open.all.bytes", () => Whole(s => s.Bytes), "By",
            "Bytes the parts of every open upload hold.");
        meter.CreateObservableGauge("omp.uploads.open.buckets", () => Whole(s => s.Buckets), "{bucket}",
            "Buckets with at least one open upload.");
        meter.CreateObservableGauge("omp.uploads.open.all.oldest_age", () => Whole(s => s.OldestInitiated is { } oldest ? Age(oldest) : 0), "s",
            "Age of the oldest open upload of any bucket (0 when there is none).");
    }

    /// <summary>The summary the gauges show now; null until the first one arrived.</summary>
    public OpenUploadSummary? Latest => _latest;

    public void Update(OpenUploadSummary summary) => _latest = summary;

    private double Age(DateTimeOffset since) => Math.Max(0, (_time.GetUtcNow() - since).TotalSeconds);

    private IEnumerable<Measurement<double>> PerBucket(Func<BucketOpenUploads, double> value) =>
        _latest is { } latest
            ? latest.Largest.Select(b => new Measurement<double>(value(b), new KeyValuePair<string, object?>("bucket", b.Bucket)))
            : [];

    private IEnumerable<Measurement<double>> Whole(Func<OpenUploadSummary, double> value) =>
        _latest is { } latest ? [new Measurement<double>(value(latest))] : [];
}
