using System.Diagnostics.Metrics;

namespace Orleans.Multipart.Gateway.Core;

/// <summary>
/// The gateway's series in the service's meter (<c>Orleans.Multipart</c>, beside the grains' counters):
/// request latency by dialect and operation (UploadPart and CompleteUpload latency as the client sees
/// it, body streaming included) and authentication failures by dialect and error.
/// </summary>
internal sealed class GatewayMetrics
{
    public const string MeterName = "Orleans.Multipart";

    private readonly Histogram<double> _duration;
    private readonly Counter<long> _authFailures;

    public GatewayMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _duration = meter.CreateHistogram<double>("omp.request.duration", "s", "Gateway requests from routing to the last byte written, by dialect, operation and status.", tags: null, advice: LatencyBuckets.Advice);
        _authFailures = meter.CreateCounter<long>("omp.auth.failures", "{request}", "Requests refused by signature verification, by dialect and error.");
    }

    public void Record(RequestRecord record, int status, TimeSpan took)
    {
        _duration.Record(took.TotalSeconds,
            new KeyValuePair<string, object?>("dialect", record.Dialect),
            new KeyValuePair<string, object?>("operation", record.Operation ?? "none"),
            new KeyValuePair<string, object?>("status", status));
        if (record.Error is MultipartError.SignatureDoesNotMatch or MultipartError.InvalidAccessKey or MultipartError.RequestTimeTooSkewed or MultipartError.MalformedAuthorization)
        {
            _authFailures.Add(1, new KeyValuePair<string, object?>("dialect", record.Dialect), new KeyValuePair<string, object?>("error", record.Error.ToString()));
        }
    }
}
