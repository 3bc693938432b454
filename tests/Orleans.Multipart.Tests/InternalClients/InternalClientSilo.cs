using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Multipart.Client;
using Orleans.Multipart.Silo.Hosting;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.InternalClients;

/// <summary>
/// One silo with the service's own silo configuration (embedded SQLite, listening on loopback ports), and
/// internal clients built with the client library (<see cref="MultipartClientServiceCollectionExtensions.AddMultipartClient(IServiceCollection, IConfiguration)"/>)
/// over real TCP connections. Access keys other than the root key come from <see cref="Keys"/> instead of
/// the account store, so that a test can create, disable and delete them.
/// </summary>
public sealed class InternalClientSilo : IAsyncDisposable
{
    public const string RootAccessKey = "internal-root-key";
    public const string RootSecretKey = "internal-root-secret";

    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "omp-internal-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly List<IHost> _clients = [];
    private IHost _silo = null!;

    public string ClusterId { get; } = "ic-" + Guid.NewGuid().ToString("N")[..8];

    public int GatewayPort { get; private set; }

    /// <summary>The keys the silo resolves (what <see cref="IAccessKeyGrain.Resolve"/> would answer); remove one to disable it.</summary>
    public ConcurrentDictionary<string, ResolvedAccessKey> Keys { get; } = new();

    /// <summary>Adds an active key of a non-administrator account.</summary>
    public (string AccessKeyId, string SecretKey) AddKey(string accountId)
    {
        var accessKeyId = $"{accountId}-key-{Guid.NewGuid().ToString("N")[..6]}";
        var secret = Guid.NewGuid().ToString("N");
        Keys[accessKeyId] = new ResolvedAccessKey(secret, new Principal(accountId, accessKeyId), accountId, null);
        return (accessKeyId, secret);
    }

    public static async Task<InternalClientSilo> StartAsync(IReadOnlyDictionary<string, string?>? tls = null)
    {
        var silo = new InternalClientSilo();
        await silo.StartSiloAsync(tls);
        return silo;
    }

    private async Task StartSiloAsync(IReadOnlyDictionary<string, string?>? tls)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var ports = new HeldPorts(2);
            var settings = new Dictionary<string, string?>
            {
                ["Storage:Provider"] = "Sqlite",
                ["Storage:DataPath"] = _dataPath,
                ["Auth:RootAccessKey"] = RootAccessKey,
                ["Auth:RootSecretKey"] = RootSecretKey,
                ["Orleans:ClusterId"] = ClusterId,
                ["Orleans:ServiceId"] = ClusterId,
                ["Orleans:SiloPort"] = ports[0].ToString(),
                ["Orleans:GatewayPort"] = ports[1].ToString(),
            };
            foreach (var (key, value) in await TestBlobs.SettingsAsync())
            {
                settings[key] = value;
            }

            foreach (var (key, value) in tls ?? new Dictionary<string, string?>())
            {
                settings[key] = value;
            }

            var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
            var builder = Host.CreateApplicationBuilder();
            builder.Logging.ClearProviders();
            builder.UseOrleans(silo => silo.UseMultipartClustering(configuration).AddMultipartSilo(configuration));
            builder.Services.AddSingleton<IAccessKeyResolver>(new DictionaryKeyResolver(Keys));
            var host = builder.Build();
            ports.Release();
            try
            {
                await host.StartAsync().WaitAsync(TimeSpan.FromMinutes(2));
                _silo = host;
                GatewayPort = ports[1];
                return;
            }
            catch (Exception) when (attempt < 3)
            {
                // Another process took a released port before the silo bound it: fresh ports.
                host.Dispose();
            }
        }
    }

    /// <summary>A started client acting as <paramref name="accessKeyId"/> through the client library, with the cluster settings and <paramref name="extra"/>.</summary>
    public async Task<IServiceProvider> ClientAsync(string? accessKeyId, string? secretKey, IReadOnlyDictionary<string, string?>? extra = null, TimeSpan? connectTimeout = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(ClientSettings(accessKeyId, secretKey, extra));
        builder.AddMultipartClient();
        var host = builder.Build();
        _clients.Add(host);
        using var connecting = new CancellationTokenSource(connectTimeout ?? TimeSpan.FromMinutes(1));
        await host.StartAsync(connecting.Token);
        return host.Services;
    }

    /// <summary>A plain Orleans client to the silo, with no credential (a client from before the library).</summary>
    public async Task<IClusterClient> RawClientAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client => client
            .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (ClusterId, ClusterId))
            .UseLocalhostClustering(GatewayPort));
        var host = builder.Build();
        _clients.Add(host);
        await host.StartAsync().WaitAsync(TimeSpan.FromMinutes(1));
        return host.Services.GetRequiredService<IClusterClient>();
    }

    public Dictionary<string, string?> ClientSettings(string? accessKeyId, string? secretKey, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["MultipartClient:AccessKeyId"] = accessKeyId,
            ["MultipartClient:SecretKey"] = secretKey,
            ["Orleans:ClusterId"] = ClusterId,
            ["Orleans:ServiceId"] = ClusterId,
            ["Orleans:GatewayPort"] = GatewayPort.ToString(),
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            try
            {
                await client.StopAsync(TimeSpan.FromSeconds(10));
            }
            catch (Exception)
            {
                // A client that never connected.
            }

            client.Dispose();
        }

        if (_silo is not null)
        {
            await _silo.StopAsync(TimeSpan.FromSeconds(30));
            _silo.Dispose();
        }

        try
        {
            Directory.Delete(_dataPath, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private sealed class DictionaryKeyResolver(ConcurrentDictionary<string, ResolvedAccessKey> keys) : IAccessKeyResolver
    {
        public Task<ResolvedAccessKey?> ResolveAsync(string accessKeyId) => Task.FromResult(keys.TryGetValue(accessKeyId, out var key) ? key : null);
    }
}
