using System.Diagnostics.Metrics;

namespace Orleans.Multipart;

/// <summary>
/// Bucket boundaries for the service's latency histograms, in seconds (their unit). Without advice
/// OpenTelemetry uses its default boundaries (0, 5, 10 ... 10000), which are meant for milliseconds:
/// every request under 5 s would land in one bucket and the quantiles would say nothing.
/// </summary>
public static class LatencyBuckets
{
    /// <summary>5 ms to 60 s: the OpenTelemetry HTTP semantic conventions' boundaries, plus the long tail of big Completes.</summary>
    public static readonly IReadOnlyList<double> Seconds = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 30, 60];

    public static InstrumentAdvice<double> Advice => new() { HistogramBucketBoundaries = Seconds };
}
