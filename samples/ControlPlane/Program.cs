using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Configuration;
using Orleans.Multipart;

// Control-plane work from another .NET service, straight to the grains: create an exclusive bucket,
// initiate an upload (and meet the exclusive rule), list uploads and parts, abort, read an object's
// metadata. Part bytes never travel through grain calls: they go through the HTTP gateway.
//
//   dotnet run --project samples/ControlPlane -- <postgres connection string> <bucket> [existing object key] [--Orleans:ClusterId local]
// The cluster is named as the silos name it: Orleans:ClusterId / Orleans:ServiceId from the command line
// (--Orleans:ClusterId local) or the environment (Orleans__ClusterId=local), default orleans-multipart.
// When no silo of that cluster answers within Orleans:ConnectTimeout (default 15 s) it says which cluster
// and which gateways it tried, and exits 1.
var positional = Positional(args);
if (positional.Count < 2)
{
    Console.Error.WriteLine("usage: ControlPlane <postgres connection string> <bucket> [existing object key] [--Orleans:ClusterId id] [--Orleans:ServiceId id]");
    return 2;
}

var (connectionString, bucket) = (positional[0], positional[1]);
var builder = Host.CreateApplicationBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var clusterId = builder.Configuration["Orleans:ClusterId"] ?? "orleans-multipart";
var serviceId = builder.Configuration["Orleans:ServiceId"] ?? "orleans-multipart";
var connectTimeout = builder.Configuration.GetValue("Orleans:ConnectTimeout", TimeSpan.FromSeconds(15));
builder.UseOrleansClient(client => client
    .Configure<ClusterOptions>(o =>
    {
        o.ClusterId = clusterId;
        o.ServiceId = serviceId;
    })
    .UseAdoNetClustering(o =>
    {
        o.Invariant = "Npgsql";
        o.ConnectionString = connectionString;
    })
    .UseConnectionRetryFilter((_, cancellationToken) => Task.FromResult(!cancellationToken.IsCancellationRequested)));
using var host = builder.Build();
try
{
    using var connecting = new CancellationTokenSource(connectTimeout);
    await host.StartAsync(connecting.Token).WaitAsync(connectTimeout + TimeSpan.FromSeconds(1));
}
catch (Exception ex) when (ex is OperationCanceledException or TimeoutException or Orleans.Runtime.OrleansException or Npgsql.NpgsqlException)
{
    Console.Error.WriteLine($"could not reach cluster '{clusterId}' (service '{serviceId}') within {connectTimeout.TotalSeconds:0} s: {ex.GetType().Name}: {ex.Message}");
    Console.Error.WriteLine(await DescribeMembershipAsync(connectionString, clusterId));
    Console.Error.WriteLine("Name the silos' cluster with --Orleans:ClusterId <id> or Orleans__ClusterId=<id> (scripts/cluster.sh uses 'local').");
    return 1;
}

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

// The arguments that are not --Key value / --Key=value settings.
static List<string> Positional(string[] args)
{
    var positional = new List<string>();
    for (var i = 0; i < args.Length; i++)
    {
        if (args[i].StartsWith("--", StringComparison.Ordinal))
        {
            i += args[i].Contains('=', StringComparison.Ordinal) ? 0 : 1;
            continue;
        }

        positional.Add(args[i]);
    }

    return positional;
}

// The gateways the client could have used for the cluster (the rows Orleans' ADO.NET gateway list reads
// from the service's membership table, Silo/Storage/Sql/Orleans), and the clusters that do have live silos.
static async Task<string> DescribeMembershipAsync(string connectionString, string clusterId)
{
    try
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var gateways = new List<string>();
        var others = new SortedSet<string>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand("SELECT deployment_id, address, proxy_port, status FROM orleans_membership", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                // Status 3 is Active: the only silos the gateway list offers.
                var (deployment, active) = (reader.GetString(0), reader.GetInt32(3) == 3);
                if (deployment == clusterId)
                {
                    gateways.Add($"{reader.GetString(1)}:{reader.GetInt32(2)}{(active ? "" : " (not active)")}");
                }
                else if (active)
                {
                    others.Add(deployment);
                }
            }
        }

        return $"gateways tried for cluster '{clusterId}': {(gateways.Count == 0 ? "none registered" : string.Join(", ", gateways))}; clusters with active silos in this database: {(others.Count == 0 ? "none" : string.Join(", ", others))}";
    }
    catch (NpgsqlException ex)
    {
        return $"gateways tried for cluster '{clusterId}': unknown, the membership table could not be read ({ex.Message})";
    }
}
