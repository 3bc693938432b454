using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Orleans.Multipart.Hosting;

/// <summary>
/// What a silo and a standalone gateway do alike as hosts: log one line per message to the console, answer
/// /healthz and /readyz, drain HTTP on SIGTERM before Orleans stops, and export metrics. The host adds what
/// only it has: its readiness (<see cref="ReadinessState.MarkReady"/>) and its own probes.
/// </summary>
public static class MultipartHostingExtensions
{
    /// <summary>
    /// Console logging, readiness (<see cref="ReadinessState"/> and every <see cref="IReadinessProbe"/>, the
    /// S3 blob backend's among them), the graceful drain (<c>Shutdown:*</c>) and telemetry (<c>Telemetry:*</c>).
    /// </summary>
    public static WebApplicationBuilder AddMultipartHosting(this WebApplicationBuilder builder)
    {
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
        var services = builder.Services;
        services.TryAddSingleton<ReadinessState>();
        services.AddHealthChecks().AddCheck<ReadinessHealthCheck>("ready", tags: ["ready"]);
        services.AddReadinessProbe<BlobBackendReadinessProbe>();
        services.AddGracefulShutdown(builder.Configuration);
        services.AddMultipartTelemetry(builder.Configuration);
        return builder;
    }

    /// <summary>Adds a dependency /readyz asks (once per type, however often it is added).</summary>
    public static IServiceCollection AddReadinessProbe<TProbe>(this IServiceCollection services)
        where TProbe : class, IReadinessProbe
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IReadinessProbe, TProbe>());
        return services;
    }

    /// <summary>SIGTERM drains HTTP (<see cref="HttpDrain"/>), then Orleans stops, all within <c>Shutdown:Timeout</c>.</summary>
    public static IServiceCollection AddGracefulShutdown(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ShutdownOptions>().Bind(configuration.GetSection(ShutdownOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ShutdownOptions>, ShutdownOptionsValidator>());
        services.AddOptions<HostOptions>().Configure<IOptions<ShutdownOptions>>((host, shutdown) => host.ShutdownTimeout = shutdown.Value.Timeout);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, HttpDrain>());
        return services;
    }

    /// <summary>
    /// /healthz (liveness: the process answers, no check runs), /readyz (the "ready" checks, 503 when one
    /// fails, the reason as plain text) and the Prometheus scrape endpoint; /readyz turns 503 as soon as
    /// the host starts stopping.
    /// </summary>
    public static WebApplication MapMultipartHosting(this WebApplication app)
    {
        var readiness = app.Services.GetRequiredService<ReadinessState>();
        app.Lifetime.ApplicationStopping.Register(readiness.MarkStopping);
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteDescriptionAsync });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = WriteDescriptionAsync });
        app.MapMultipartTelemetry();
        return app;
    }

    /// <summary>The probe's answer as plain text: "ok" for liveness, the readiness check's description otherwise.</summary>
    private static Task WriteDescriptionAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(report.Entries.Count == 0 ? "ok" : string.Join("; ", report.Entries.Values.Select(e => e.Description)));
    }
}
