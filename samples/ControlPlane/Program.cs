using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Multipart;
using Orleans.Multipart.Client;

// Control-plane work from another .NET service, straight to the grains as a service account: create an
// exclusive bucket, initiate an upload (and meet the exclusive rule), list uploads and parts, abort, read an
// object's metadata. Part bytes never travel through grain calls: they go through the HTTP gateway.
//
//   dotnet run --project samples/ControlPlane -- <postgres connection string> <bucket> [existing object key] [--Orleans:ClusterId local]
// The account's key: MultipartClient__AccessKeyId / MultipartClient__SecretKey (or --MultipartClient:AccessKeyId ...);
// the silos refuse what the account may not do (AccessDenied).
// The cluster is named as the silos name it: Orleans:ClusterId / Orleans:ServiceId from the command line
// (--Orleans:ClusterId local) or the environment (Orleans__ClusterId=local), default orleans-multipart.
// When no silo of that cluster answers within Orleans:ConnectTimeout (default 15 s) it says which cluster
// and which gateways it tried, and exits 1.
var positional = Positional(args);
if (positional.Count < 2)
{
    Console.Error.WriteLine("usage: ControlPlane <postgres connection string> <bucket> [existing object key] [--Orleans:ClusterId id] [--Orleans:ServiceId id] [--MultipartClient:AccessKeyId id --MultipartClient:SecretKey secret]");
    return 2;
}

var (connectionString, bucket) = (positional[0], positional[1]);
var builder = Host.CreateApplicationBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Configuration["ConnectionStrings:Postgres"] = connectionString;
var clusterId = builder.Configuration["Orleans:ClusterId"] ?? "orleans-multipart";
var serviceId = builder.Configuration["Orleans:ServiceId"] ?? "orleans-multipart";
var connectTimeout = builder.Configuration.GetValue("Orleans:ConnectTimeout", TimeSpan.FromSeconds(15));
builder.AddMultipartClient();
using var host = builder.Build();
try
{
    using var connecting = new CancellationTokenSource(connectTimeout);
    await host.StartAsync(connecting.Token).WaitAsync(connectTimeout + TimeSpan.FromSeconds(1));
}
catch (OptionsValidationException ex)
{
    Console.Error.WriteLine($"not configured: {ex.Message}");
    return 2;
}
catch (Exception ex) when (ex is OperationCanceledException or TimeoutException or Orleans.Runtime.OrleansException or Npgsql.NpgsqlException)
{
    Console.Error.WriteLine($"could not reach cluster '{clusterId}' (service '{serviceId}') within {connectTimeout.TotalSeconds:0} s: {ex.GetType().Name}: {ex.Message}");
    Console.Error.WriteLine(await DescribeMembershipAsync(connectionString, clusterId));
    Console.Error.WriteLine("Name the silos' cluster with --Orleans:ClusterId <id> or Orleans__ClusterId=<id> (scripts/cluster.sh uses 'local').");
    return 1;
}

var multipart = host.Services.GetRequiredService<IMultipartClient>();

// 1. An exclusive bucket: one open upload per key, no other write to the key while it is open.
BucketInfo created;
try
{
    created = await multipart.CreateBucketAsync(bucket, BucketRule.Exclusive);
}
catch (MultipartException ex) when (ex.Error == MultipartError.BucketAlreadyExists)
{
    created = (await multipart.DescribeBucketAsync(bucket))!;
}

Console.WriteLine($"bucket {created.Name} rule {created.Rule}");

// 2. Initiate, then initiate again on the same key: the exclusive rule refuses (HTTP 409 in every dialect).
var key = "reports/daily.csv";
var upload = await multipart.InitiateUploadAsync(bucket, key, new ObjectSettings { ContentType = "text/csv" });
Console.WriteLine($"initiated {upload.UploadId}");
try
{
    await multipart.InitiateUploadAsync(bucket, key, new ObjectSettings());
    Console.WriteLine("second initiate accepted");
}
catch (MultipartException ex)
{
    Console.WriteLine($"second initiate refused {ex.Error}");
}

// 3. What is open, and what it holds.
var listing = await multipart.ListUploadsAsync(bucket, new UploadListingRequest());
Console.WriteLine($"open uploads {listing.Uploads.Count}");
var parts = await multipart.ListPartsAsync(bucket, key, upload.UploadId);
Console.WriteLine($"parts {parts.Parts.Count}");

// 4. Abort: the key is free again.
await multipart.AbortUploadAsync(bucket, key, upload.UploadId);
listing = await multipart.ListUploadsAsync(bucket, new UploadListingRequest());
Console.WriteLine($"aborted, open uploads {listing.Uploads.Count}");

// 5. An object's metadata (written through HTTP by someone else).
if (positional.Count > 2)
{
    var manifest = await multipart.GetObjectAsync(bucket, positional[2]);
    Console.WriteLine(manifest is null ? $"object {positional[2]} none" : $"object {positional[2]} size {manifest.Size} etag {manifest.ETag} parts {manifest.Parts.Count}");
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
