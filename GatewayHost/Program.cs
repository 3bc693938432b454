using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Multipart.Gateway;
using Orleans.Multipart.GatewayHost;
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
builder.UseOrleansClient(client => client.UseMultipartCluster(builder.Configuration));
builder.Services.TryAddSingleton(TimeProvider.System);
builder.Services.Configure<BlobStoreOptions>(options =>
{
    builder.Configuration.GetSection("Storage:Blobs").Bind(options);
    options.Path = builder.Configuration["Storage:BlobPath"] ?? Path.Combine(builder.Configuration["Storage:DataPath"] ?? "data", "blobs");
});
builder.Services.AddSingleton<IBlobStore, LocalBlobStore>();
builder.Services.AddSingleton<GatewayReadiness>();
builder.Services.AddMultipartGateway(builder.Configuration);

var app = builder.Build();
var readiness = app.Services.GetRequiredService<GatewayReadiness>();
app.Lifetime.ApplicationStarted.Register(() =>
{
    readiness.MarkReady();
    app.Logger.LogInformation("Orleans.Multipart gateway listening on {Urls}", string.Join(", ", app.Urls));
});
app.Lifetime.ApplicationStopping.Register(readiness.MarkStopping);
app.MapGet("/healthz", () => Results.Text("ok"));
app.MapGet("/readyz", (GatewayReadiness r) => r.IsReady ? Results.Text("ready") : Results.Text("starting or stopping", statusCode: 503));
app.MapMultipartGateway();
app.Run();
