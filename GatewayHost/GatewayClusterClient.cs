using Orleans.Configuration;
using Orleans.Multipart.Client;
using Orleans.Multipart.Hosting;

namespace Orleans.Multipart.GatewayHost;

/// <summary>
/// The standalone gateway's Orleans client: the same <c>Orleans:*</c> and <c>Storage:*</c> settings as
/// the silos, so one configuration serves both processes.
/// </summary>
public static class GatewayClusterClient
{
    /// <summary>How often the client re-reads the gateway list. Orleans: 60 s, during which a hung silo keeps receiving calls.</summary>
    public static readonly TimeSpan GatewayListRefreshPeriod = TimeSpan.FromSeconds(5);

    /// <summary>Same as the silos' default (Silo's FailureDetectionDefaults): a call lost with a crashed silo fails after this. Orleans: 30 s.</summary>
    public static readonly TimeSpan ResponseTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Between connection attempts while no silo answers (the gateway waits for the cluster instead of exiting).</summary>
    private static readonly TimeSpan ConnectRetryDelay = TimeSpan.FromSeconds(1);

    public static IClientBuilder UseMultipartCluster(this IClientBuilder client, IConfiguration configuration)
    {
        var cluster = client.Services.AddMultipartOrleansOptions(configuration);
        var storage = configuration.GetStorageOptions();
        var orleans = configuration.GetSection(OrleansHostingOptions.Section);
        client.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = cluster.ClusterId;
            o.ServiceId = cluster.ServiceId;
        });
        client.Configure<GatewayOptions>(o =>
        {
            o.GatewayListRefreshPeriod = GatewayListRefreshPeriod;
            orleans.GetSection("GatewayList").Bind(o);
        });
        client.Configure<ClientMessagingOptions>(o =>
        {
            o.ResponseTimeout = ResponseTimeout;
            orleans.GetSection("Messaging").Bind(o);
        });
        client.UseMultipartTls(configuration);
        // The gateway's grain calls carry the root key's credential, naming the HTTP caller the pipeline set
        // (CallerContext): the silos accept the principal because the key is an administrator's.
        var auth = configuration.GetSection("Auth");
        if (auth["RootAccessKey"] is { Length: > 0 } rootKey && auth["RootSecretKey"] is { Length: > 0 } rootSecret)
        {
            client.AddMultipartCallSigning(rootKey, rootSecret);
        }

        client.UseConnectionRetryFilter(async (_, cancellationToken) =>
        {
            await Task.Delay(ConnectRetryDelay, cancellationToken);
            return true;
        });

        if (!storage.IsPostgres)
        {
            // The embedded single-node mode: the one silo on this machine.
            return client.UseLocalhostClustering(cluster.GatewayPort);
        }

        // The storage validator has refused Postgres without its connection string.
        return client.UseAdoNetClustering(o =>
        {
            o.Invariant = "Npgsql";
            o.ConnectionString = configuration.GetConnectionString("Postgres");
        });
    }
}
