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
        builder.UseOrleans(silo => silo.UseMultipartClustering(builder.Configuration).AddMultipartSilo(builder.Configuration));

        // The HTTP gateway is co-hosted: it calls grains through this silo's IGrainFactory. Behind
        // standalone gateways (Gateway:ServeObjectApi=false) the silo only answers health checks.
        var servesObjectApi = builder.Configuration.ServesObjectApi();
        if (servesObjectApi)
        {
            builder.Services.AddMultipartGateway(builder.Configuration);
        }

        configure?.Invoke(builder);

        var app = builder.Build();
        app.Lifetime.ApplicationStopping.Register(() => app.Services.GetRequiredService<ReadinessState>().MarkStopping());
        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapGet("/readyz", async (ReadinessState readiness, SqlDatabase db, CancellationToken ct) =>
        {
            if (!readiness.IsReady)
            {
                return Results.Text("starting or stopping", statusCode: 503);
            }

            try
            {
                await db.ReadAsync(async c =>
                {
                    await using var command = c.CreateCommand();
                    command.CommandText = "SELECT 1";
                    return await command.ExecuteScalarAsync(ct);
                }, ct);
                return Results.Text("ready");
            }
            catch (Exception ex)
            {
                return Results.Text("database unreachable: " + ex.Message, statusCode: 503);
            }
        });
        if (servesObjectApi)
        {
            app.MapMultipartGateway();
        }

        return app;
    }
}
