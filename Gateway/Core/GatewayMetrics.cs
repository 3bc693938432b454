using System.Diagnostics.Metrics;

namespace Orleans.Multipart.Gateway.Core;

/// <summary>
/// The gateway's series in the service's meter (<c>Orleans.Multipart</c>, beside the grains' counters):
/// request latency by dialect and operation (UploadPart and CompleteUpload latency as the client sees
/// it, body streaming included), authentication failures by dialect and error, and access-control refusals by dialect and action.
/// </summary>
internal sealed class GatewayMetrics
{
    public const string MeterName = "Orleans.Multipart";

    private readonly Histogram<double> _duration;
    private readonly Counter<long> _authFailures;
    private readonly Counter<long> _accessDenied;

    public GatewayMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _duration = meter.CreateHistogram<double>("omp.request.duration", "s", "Gateway requests from routing to the last byte written, by dialect, operation and status.", tags: null, advice: LatencyBuckets.Advice);
        _authFailures = meter.CreateCounter<long>("omp.auth.failures", "{request}", "Requests refused by signature verification, by dialect and error.");
        _accessDenied = meter.CreateCounter<long>("omp.access.denied", "{request}", "Authenticated or anonymous requests refused by access control (owner, ACL, bucket policy, upload initiator), by dialect and action.");
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

    /// <summary>Counts one request refused by access control (<c>omp_access_denied_total</c>).</summary>
    public void AccessDenied(string dialect, string action) =>
        _accessDenied.Add(1, new KeyValuePair<string, object?>("dialect", dialect), new KeyValuePair<string, object?>("action", action));
}
