using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Multipart.Gateway;
using Orleans.Multipart.Gateway.Core;
using Orleans.Multipart.Silo.Storage.Sql;

namespace Orleans.Multipart.Silo.Hosting;

/// <summary>Builds the service: an Orleans silo with the HTTP gateway in the same process. Tests build it the same way.</summary>
public static class SiloApplication
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.WebHost.ConfigureMultipartKestrel(builder.Configuration);
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
        builder.Services.AddSingleton<ReadinessState>();
        builder.Services.AddHealthChecks().AddCheck<ReadinessHealthCheck>("ready", tags: ["ready"]);
        builder.UseOrleans(silo => silo.UseMultipartClustering(builder.Configuration).AddMultipartSilo(builder.Configuration)
            .UseMultipartKubernetesHosting(builder.Configuration).AddMultipartDashboard(builder.Configuration));

        // The HTTP gateway is co-hosted: it calls grains through this silo's IGrainFactory. Behind
        // standalone gateways (Gateway:ServeObjectApi=false) the silo only answers health checks.
        var servesObjectApi = builder.Configuration.ServesObjectApi();
        if (servesObjectApi)
        {
            builder.Services.AddMultipartGateway(builder.Configuration);
        }

        builder.Services.AddMultipartTelemetry(builder.Configuration);
        builder.Services.AddGracefulShutdown(builder.Configuration);

        configure?.Invoke(builder);

        var app = builder.Build();
        StartupReport.Register(app);
        app.Lifetime.ApplicationStopping.Register(() => app.Services.GetRequiredService<ReadinessState>().MarkStopping());
        // Liveness runs no check (the process answers); readiness runs the "ready" ones (503 when unhealthy).
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteDescriptionAsync });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = WriteDescriptionAsync });
        app.MapMultipartTelemetry();
        app.MapMultipartDashboard();
        if (servesObjectApi)
        {
            app.MapMultipartGateway();
        }

        return app;
    }

    /// <summary>The probe's answer as plain text: "ok" for liveness, the readiness check's description otherwise.</summary>
    private static Task WriteDescriptionAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(report.Entries.Count == 0 ? "ok" : string.Join("; ", report.Entries.Values.Select(e => e.Description)));
    }
}
