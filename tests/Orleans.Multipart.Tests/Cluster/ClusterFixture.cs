using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Multipart.Client;
using Orleans.Multipart.Silo.Hosting;
using Orleans.Multipart.Tests.Infrastructure;
using Orleans.TestingHost;

namespace Orleans.Multipart.Tests.Cluster;

/// <summary>
/// Two Orleans silos (TestingHost, in process) with the service's own silo configuration on one
/// database: the metadata store, Orleans' ADO.NET grain storage and reminders, and the expiry sweep
/// with short periods so that a test can watch it fire.
/// </summary>
public abstract class ClusterFixture : IAsyncLifetime
{
    /// <summary>Uploads expire after this in the cluster tests (the sweep runs every second).</summary>
    public static readonly TimeSpan ExpireAfter = TimeSpan.FromSeconds(15);

    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "omp-cluster-" + Guid.NewGuid().ToString("N")[..12]);

    public const string RootAccessKey = "cluster-root-key";

    public const string RootSecretKey = "cluster-root-secret";

    public InProcessTestCluster Cluster { get; private set; } = null!;

    protected abstract StoreKind Kind { get; }

    /// <summary>The grain factory of silo <paramref name="index"/>: calls made as that silo's co-hosted gateway makes them.</summary>
    public IGrainFactory Grains(int index) => Cluster.Silos[index].ServiceProvider.GetRequiredService<IGrainFactory>();

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = Kind.ToString(),
            ["Storage:DataPath"] = _dataPath,
            ["Multipart:AbortIncompleteUploadsAfter"] = ExpireAfter.ToString(),
            ["Multipart:ExpirySweepPeriod"] = "00:00:01",
            ["Orleans:Reminders:MinimumReminderPeriod"] = "00:00:01",
            // The silos' own grain calls and the test cluster's client sign with the root key (administrator).
            ["Auth:RootAccessKey"] = RootAccessKey,
            ["Auth:RootSecretKey"] = RootSecretKey,
        };
        foreach (var (key, value) in await TestBlobs.SettingsAsync())
        {
            settings[key] = value;
        }

        if (Kind == StoreKind.Postgres)
        {
            settings["ConnectionStrings:Postgres"] = TestPostgres.CreateDatabase();
            settings["Auth:MasterKey"] = TestPostgres.MasterKey;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var builder = new InProcessTestClusterBuilder(2);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSiloHost((_, host) => host.Logging.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureSilo((_, silo) => silo.AddMultipartSilo(configuration));
        builder.ConfigureClient(client => client.AddMultipartCallSigning(RootAccessKey, RootSecretKey));
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        try
        {
            Directory.Delete(_dataPath, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

public sealed class SqliteClusterFixture : ClusterFixture
{
    protected override StoreKind Kind => StoreKind.Sqlite;
}

public sealed class PostgresClusterFixture : ClusterFixture
{
    protected override StoreKind Kind => StoreKind.Postgres;
}
