using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Multipart.Gateway;
using Orleans.Multipart.GatewayHost;
using Orleans.Multipart.Silo.Hosting;
using Orleans.Multipart.Storage;
using Orleans.Multipart.Storage.Blobs;

// The standalone HTTP gateway: the same HTTP surface and configuration as a silo's co-hosted gateway,
// calling the grains as an Orleans client and writing part bytes to the shared blob directory.
var builder = WebApplication.CreateBuilder(args);
builder.WebHost.ConfigureMultipartKestrel(builder.Configuration);
builder.Logging.AddSimpleConsole(o =>
{
    o.SingleLine = true;
    o.TimestampFormat = "HH:mm:ss.fff ";
});
builder.UseOrleansClient(client => client.UseMultipartCluster(builder.Configuration).AddOutgoingGrainCallFilter<RejectedCallRetryFilter>());
builder.Services.TryAddSingleton(TimeProvider.System);
builder.Services.AddMultipartBlobStore(builder.Configuration, builder.Configuration["Storage:BlobPath"] ?? Path.Combine(builder.Configuration["Storage:DataPath"] ?? "data", "blobs"));
builder.Services.AddSingleton<GatewayReadiness>();
builder.Services.AddHealthChecks().AddCheck<ClusterReadinessCheck>("ready", tags: ["ready"]);
builder.Services.Configure<ShutdownOptions>(builder.Configuration.GetSection("Shutdown"));
builder.Services.AddOptions<HostOptions>().Configure<IOptions<ShutdownOptions>>((host, shutdown) => host.ShutdownTimeout = shutdown.Value.Timeout);
builder.Services.AddHostedService<GatewayDrain>();
builder.Services.AddMultipartGateway(builder.Configuration);

var app = builder.Build();
var readiness = app.Services.GetRequiredService<GatewayReadiness>();
app.Lifetime.ApplicationStarted.Register(() =>
{
    readiness.MarkReady();
    GatewayHostLog.Listening(app.Logger, string.Join(", ", app.Urls));
});
app.Lifetime.ApplicationStopping.Register(readiness.MarkStopping);
app.MapGet("/healthz", () => Results.Text("ok"));
app.MapHealthChecks("/readyz", new HealthCheckOptions
{
    Predicate = c => c.Tags.Contains("ready"),
    ResponseWriter = (context, report) =>
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(string.Join("; ", report.Entries.Values.Select(e => e.Description)));
    },
});
app.MapMultipartGateway();
return PortInUse.Run(() => app.Run(), app.Configuration, app.Logger);
