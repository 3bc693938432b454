using Microsoft.Extensions.Options;

namespace Orleans.Multipart.Hosting;

/// <summary>Refuses, at start, a scrape path ASP.NET Core could not route and an OTLP endpoint the exporter could not reach.</summary>
internal sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        var failures = new List<string>();
        if (!string.IsNullOrEmpty(options.PrometheusPath) && !options.PrometheusPath.StartsWith('/'))
        {
            failures.Add("Telemetry:PrometheusPath must start with '/' (or be empty to turn the scrape endpoint off).");
        }

        if (options.OtlpEndpoint is { } endpoint && (!endpoint.IsAbsoluteUri || endpoint.Scheme is not ("http" or "https")))
        {
            failures.Add("Telemetry:OtlpEndpoint must be an absolute http or https URL.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
