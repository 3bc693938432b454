using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace Orleans.Multipart.Hosting;

public static class TelemetryServiceCollectionExtensions
{
    /// <summary>
    /// The service's own meter: the grains' (MultipartMetrics) and the HTTP gateway's (GatewayMetrics)
    /// instruments are published under this one name, so one <c>AddMeter</c> exports both.
    /// </summary>
    public const string ServiceMeterName = "Orleans.Multipart";

    /// <summary>
    /// OpenTelemetry metrics: ASP.NET Core and .NET runtime instrumentation, Orleans' own meter and the
    /// service's (<see cref="ServiceMeterName"/>), exported for Prometheus and, when configured, over OTLP.
    /// </summary>
    public static IServiceCollection AddMultipartTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(TelemetryOptions.Section);
        services.AddOptions<TelemetryOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TelemetryOptions>, TelemetryOptionsValidator>());

        // Which exporters to add is decided while the services are registered, before the options exist;
        // the same validator refuses a bad section here, so the exporters are never built from it.
        var options = section.BindValidated(TelemetryOptions.Section, new TelemetryOptionsValidator());
        services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            metrics.AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("Microsoft.Orleans")
                .AddMeter(ServiceMeterName);
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
