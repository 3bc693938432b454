namespace Orleans.Multipart.Hosting;

/// <summary>Metrics export (configuration section <c>Telemetry</c>), on silos and standalone gateways alike.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>
    /// Where Prometheus scrapes. Default: <c>/-/metrics</c> — a path no bucket can have (bucket names
    /// never start with '-'), so the scrape endpoint cannot hide a bucket named "metrics". Empty turns it off.
    /// </summary>
    public string PrometheusPath { get; set; } = "/-/metrics";

    /// <summary>OTLP endpoint (for example <c>http://otel-collector:4317</c>); metrics are pushed there too when set. Default: none.</summary>
    public Uri? OtlpEndpoint { get; set; }
}
