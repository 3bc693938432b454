using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Multipart.Gateway;
using Orleans.Multipart.GatewayHost;
using Orleans.Multipart.Hosting;
using Orleans.Multipart.Storage.Blobs;

// The standalone HTTP gateway: the same HTTP surface and configuration as a silo's co-hosted gateway,
// calling the grains as an Orleans client and writing part bytes to the configured blob store.
var builder = WebApplication.CreateBuilder(args);
builder.WebHost.ConfigureMultipartKestrel(builder.Configuration);
// Logging, /readyz (the cluster and, with the S3 blob backend, the bucket), the drain and telemetry, as the silo's.
builder.AddMultipartHosting();
builder.Services.AddReadinessProbe<ClusterReadinessProbe>();
builder.UseOrleansClient(client => client.UseMultipartCluster(builder.Configuration).AddOutgoingGrainCallFilter<RejectedCallRetryFilter>());
builder.Services.TryAddSingleton(TimeProvider.System);
builder.Services.AddMultipartBlobStore(builder.Configuration, builder.Services.AddMultipartStorageOptions(builder.Configuration).LocalBlobPath);
builder.Services.AddMultipartGateway(builder.Configuration);

var app = builder.Build();
var readiness = app.Services.GetRequiredService<ReadinessState>();
app.Lifetime.ApplicationStarted.Register(() =>
{
    // The Orleans client connected while the host started.
    readiness.MarkReady();
    GatewayHostLog.Listening(app.Logger, string.Join(", ", app.Urls));
});
app.MapMultipartHosting();
app.MapMultipartGateway();
return PortInUse.Run(() => app.Run(), app.Configuration, app.Logger);
