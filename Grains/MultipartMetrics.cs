using System.Diagnostics.Metrics;

namespace Orleans.Multipart.Grains;

/// <summary>
/// The service's own meter (<see cref="MeterName"/>): what operators watch besides HTTP and Orleans'
/// meters. Counted where the database has accepted the change, so a refused or failed request never
/// moves a counter; tagged by the dialect the call came through (<see cref="RequestDialect"/>).
/// </summary>
public sealed class MultipartMetrics
{
    public const string MeterName = "Orleans.Multipart";

    private readonly Counter<long> _initiated;
    private readonly Counter<long> _completed;
    private readonly Counter<long> _aborted;
    private readonly Counter<long> _expired;
    private readonly Counter<long> _parts;
    private readonly Counter<long> _bytes;
    private readonly Histogram<double> _completeDuration;
    private readonly Counter<long> _garbage;
    private readonly Counter<long> _objectsExpired;

    public MultipartMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _initiated = meter.CreateCounter<long>("omp.uploads.initiated", "{upload}", "Multipart uploads started.");
        _completed = meter.CreateCounter<long>("omp.uploads.completed", "{upload}", "Complete requests answered with success (a retried Complete counts again).");
        _aborted = meter.CreateCounter<long>("omp.uploads.aborted", "{upload}", "Uploads aborted by a client.");
        _expired = meter.CreateCounter<long>("omp.uploads.expired", "{upload}", "Uploads aborted by the expiry sweep.");
        _parts = meter.CreateCounter<long>("omp.parts.stored", "{part}", "Parts and single-PUT objects registered.");
        _bytes = meter.CreateCounter<long>("omp.bytes.received", "By", "Bytes of parts and objects registered.");
        _completeDuration = meter.CreateHistogram<double>("omp.complete.duration", "s", "Time the grains spend on a Complete (validation, manifest, commit).", tags: null, advice: LatencyBuckets.Advice);
        _garbage = meter.CreateCounter<long>("omp.blobs.collected", "{blob}", "Garbage blobs deleted by the collector.");
        _objectsExpired = meter.CreateCounter<long>("omp.objects.expired", "{object}", "Objects deleted by a bucket's lifecycle Expiration rule.");
    }

    private static KeyValuePair<string, object?> Dialect => new("dialect", RequestDialect.Current);

    public void UploadInitiated() => _initiated.Add(1, Dialect);

    public void UploadCompleted(TimeSpan took)
    {
        _completed.Add(1, Dialect);
        _completeDuration.Record(took.TotalSeconds, Dialect);
    }

    public void UploadAborted() => _aborted.Add(1, Dialect);

    public void UploadsExpired(int count) => _expired.Add(count);

    public void BytesStored(long size)
    {
        _parts.Add(1, Dialect);
        _bytes.Add(size, Dialect);
    }

    public void BlobsCollected(int count) => _garbage.Add(count);

    public void ObjectsExpired(int count) => _objectsExpired.Add(count);
}
