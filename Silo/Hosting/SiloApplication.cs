using Orleans.Multipart.Gateway;

namespace Orleans.Multipart.Silo.Hosting;

/// <summary>Builds the service: an Orleans silo with the HTTP gateway in the same process. Tests build it the same way.</summary>
public static class SiloApplication
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.WebHost.ConfigureMultipartKestrel(builder.Configuration);
        // Logging, /readyz (ready once the silo is active: SchemaInitializer), the drain and telemetry, as the standalone gateway's.
        builder.AddMultipartHosting();
        builder.Services.AddReadinessProbe<DatabaseReadinessProbe>();
        builder.UseOrleans(silo => silo.UseMultipartClustering(builder.Configuration).AddMultipartSilo(builder.Configuration)
            .UseMultipartKubernetesHosting(builder.Configuration).AddMultipartDashboard(builder.Configuration));

        // The HTTP gateway is co-hosted: it calls grains through this silo's IGrainFactory. Behind
        // standalone gateways (Gateway:ServeObjectApi=false) the silo only answers health checks.
        var servesObjectApi = builder.Configuration.ServesObjectApi();
        if (servesObjectApi)
        {
            builder.Services.AddMultipartGateway(builder.Configuration);
        }

        configure?.Invoke(builder);

        var app = builder.Build();
        StartupReport.Register(app);
        app.MapMultipartHosting();
        app.MapMultipartDashboard();
        if (servesObjectApi)
        {
            app.MapMultipartGateway();
        }

        return app;
    }
}
