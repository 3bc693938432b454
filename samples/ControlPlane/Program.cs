using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Multipart;

// Control-plane work from another .NET service, straight to the grains: create an exclusive bucket,
// initiate an upload (and meet the exclusive rule), list uploads and parts, abort, read an object's
// metadata. Part bytes never travel through grain calls: they go through the HTTP gateway.
//
//   dotnet run --project samples/ControlPlane -- <postgres connection string> <bucket> [existing object key]
// ClusterId/ServiceId: environment OMP_CLUSTER_ID / OMP_SERVICE_ID (default orleans-multipart, as the silos).
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: ControlPlane <postgres connection string> <bucket> [existing object key]");
    return 2;
}

var (connectionString, bucket) = (args[0], args[1]);
var builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.UseOrleansClient(client => client
    .Configure<ClusterOptions>(o =>
    {
        o.ClusterId = Environment.GetEnvironmentVariable("OMP_CLUSTER_ID") ?? "orleans-multipart";
        o.ServiceId = Environment.GetEnvironmentVariable("OMP_SERVICE_ID") ?? "orleans-multipart";
    })
    .UseAdoNetClustering(o =>
    {
        o.Invariant = "Npgsql";
        o.ConnectionString = connectionString;
    }));
using var host = builder.Build();
await host.StartAsync();
var grains = host.Services.GetRequiredService<IClusterClient>();

// 1. An exclusive bucket: one open upload per key, no other write to the key while it is open.
BucketInfo created;
try
{
    created = await grains.GetGrain<IBucketGrain>(bucket).Create(BucketRule.Exclusive);
}
catch (MultipartException ex) when (ex.Error == MultipartError.BucketAlreadyExists)
{
    created = (await grains.GetGrain<IBucketGrain>(bucket).Describe())!;
}

Console.WriteLine($"bucket {created.Name} rule {created.Rule}");

// 2. Initiate, then initiate again on the same key: the exclusive rule refuses (HTTP 409 in every dialect).
var key = "reports/daily.csv";
var objectGrain = grains.GetGrain<IObjectGrain>(ObjectKey.Format(bucket, key));
var upload = await objectGrain.Initiate(new ObjectSettings { ContentType = "text/csv" });
Console.WriteLine($"initiated {upload.UploadId}");
try
{
    await objectGrain.Initiate(new ObjectSettings());
    Console.WriteLine("second initiate accepted");
}
catch (MultipartException ex)
{
    Console.WriteLine($"second initiate refused {ex.Error}");
}

// 3. What is open, and what it holds.
var listing = await grains.GetGrain<IBucketGrain>(bucket).ListUploads(new UploadListingRequest());
Console.WriteLine($"open uploads {listing.Uploads.Count}");
var parts = await grains.GetGrain<IUploadGrain>(upload.UploadId).ListParts(bucket, key, 0, 1000);
Console.WriteLine($"parts {parts.Parts.Count}");

// 4. Abort: the key is free again.
await grains.GetGrain<IUploadGrain>(upload.UploadId).Abort(bucket, key);
listing = await grains.GetGrain<IBucketGrain>(bucket).ListUploads(new UploadListingRequest());
Console.WriteLine($"aborted, open uploads {listing.Uploads.Count}");

// 5. An object's metadata (written through HTTP by someone else).
if (args.Length > 2)
{
    var manifest = await grains.GetGrain<IObjectGrain>(ObjectKey.Format(bucket, args[2])).Get();
    Console.WriteLine(manifest is null ? $"object {args[2]} none" : $"object {args[2]} size {manifest.Size} etag {manifest.ETag} parts {manifest.Parts.Count}");
}

await host.StopAsync();
return 0;
