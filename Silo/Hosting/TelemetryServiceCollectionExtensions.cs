using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using Orleans.Multipart.Grains;

namespace Orleans.Multipart.Silo.Hosting;

public static class TelemetryServiceCollectionExtensions
{
    /// <summary>
    /// OpenTelemetry metrics: ASP.NET Core and .NET runtime instrumentation, Orleans' own meter and the
    /// service's (<see cref="MultipartMetrics"/>), exported for Prometheus and, when configured, over OTLP.
    /// </summary>
    public static IServiceCollection AddMultipartTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection("Telemetry");
        services.Configure<TelemetryOptions>(section);
        var options = section.Get<TelemetryOptions>() ?? new TelemetryOptions();
        services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            metrics.AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("Microsoft.Orleans")
                .AddMeter(MultipartMetrics.MeterName);
            if (!string.IsNullOrEmpty(options.PrometheusPath))
            {
                // No scrape cache: each scrape reads the meters now (Prometheus scrapes every 15-60 s anyway).
                metrics.AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
            }

            if (options.OtlpEndpoint is { } endpoint)
            {
                metrics.AddOtlpExporter(o => o.Endpoint = endpoint);
            }
        });
        return services;
    }

    /// <summary>Maps the Prometheus scrape endpoint at <see cref="TelemetryOptions.PrometheusPath"/>.</summary>
    public static IEndpointRouteBuilder MapMultipartTelemetry(this IEndpointRouteBuilder endpoints)
    {
        var path = endpoints.ServiceProvider.GetRequiredService<IOptions<TelemetryOptions>>().Value.PrometheusPath;
        if (!string.IsNullOrEmpty(path))
        {
            endpoints.MapPrometheusScrapingEndpoint(path);
        }

        return endpoints;
    }
}
