using Amazon.Runtime;
using Amazon.S3;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Multipart.Silo.Hosting;
using Orleans.Multipart.Silo.Storage.Sql;

namespace Orleans.Multipart.Tests.Infrastructure;

public enum StoreKind
{
    Sqlite,
    Postgres,
}

/// <summary>
/// The real service (silo + gateway, Kestrel on a loopback port) as a user runs it, on SQLite or
/// PostgreSQL. <see cref="RestartAsync"/> stops the process-equivalent and starts a new one on the
/// same data.
/// </summary>
public sealed class ServiceHost : IAsyncDisposable, IHttpEntryPoint
{
    public const string AccessKey = "test-access-key";
    public const string SecretKey = "test-secret-key";

    private readonly StoreKind _kind;
    private readonly string _dataPath;
    private readonly string? _postgres;
    private readonly Dictionary<string, string> _settings;
    private readonly int _siloPort = FreePort();
    private readonly int _gatewayPort = FreePort();
    private WebApplication? _app;

    private ServiceHost(StoreKind kind, Dictionary<string, string> settings)
    {
        _kind = kind;
        _settings = settings;
        _dataPath = Path.Combine(Path.GetTempPath(), "omp-test-" + Guid.NewGuid().ToString("N")[..12]);
        _postgres = kind == StoreKind.Postgres ? TestPostgres.CreateDatabase() : null;
    }

    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider Services => _app!.Services;

    public StoreKind Kind => _kind;

    public string DataPath => _dataPath;

    /// <summary>This host's own PostgreSQL database (Postgres mode), null on SQLite.</summary>
    public string? PostgresConnectionString => _postgres;

    public static async Task<ServiceHost> StartAsync(StoreKind kind, Dictionary<string, string>? settings = null)
    {
        var host = new ServiceHost(kind, settings ?? new Dictionary<string, string>());
        await host.StartAppAsync(port: 0);
        return host;
    }

    public async Task RestartAsync()
    {
        var port = BaseAddress.Port;
        await _app!.StopAsync();
        await _app.DisposeAsync();
        _app = null;
        await StartAppAsync(port);
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public Task<long> InvariantViolationsAsync() => Get<SqlMetadataStore>().CountInvariantViolationsAsync();

    public AmazonS3Client CreateS3Client(string? secretKey = null, string? accessKey = null) =>
        new(new BasicAWSCredentials(accessKey ?? AccessKey, secretKey ?? SecretKey), new AmazonS3Config
        {
            ServiceURL = BaseAddress.ToString(),
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            Timeout = TimeSpan.FromMinutes(5),
            MaxErrorRetry = 0,
        });

    public HttpClient CreateHttpClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(5) };

    private async Task StartAppAsync(int port)
    {
        var args = new List<string>
        {
            "--urls", $"http://127.0.0.1:{port}",
            "--environment", "Production",
            "--Storage:Provider", _kind.ToString(),
            "--Storage:DataPath", _dataPath,
            "--Auth:RootAccessKey", AccessKey,
            "--Auth:RootSecretKey", SecretKey,
            "--Logging:LogLevel:Default", "Warning",
            // Test hosts run side by side: each silo gets its own ports.
            "--Orleans:SiloPort", _siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--Orleans:GatewayPort", _gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--Orleans:AdvertisedIPAddress", "127.0.0.1",
            // Nothing balances load in front of a test host: stop without the drain delay.
            "--Shutdown:DrainDelay", "00:00:00",
            // Each vendor dialect answers on its own host name (tests send Host; the socket is loopback).
            "--Gateway:Dialects:0:Dialect", "cdcs", "--Gateway:Dialects:0:HostSuffix", "cdcs.test",
            "--Gateway:Dialects:1:Dialect", "wos", "--Gateway:Dialects:1:HostSuffix", "wos.test",
            "--Gateway:Dialects:2:Dialect", "qingstor", "--Gateway:Dialects:2:HostSuffix", "qingstor.test",
            "--Gateway:Dialects:3:Dialect", "jss", "--Gateway:Dialects:3:HostSuffix", "jss.test",
            "--Gateway:QingStor:VirtualHostSuffixes:0", "pek3a.qingstor.test",
            "--Gateway:Jss:VirtualHostSuffixes:0", "s.jss.test",
        };
        if (_postgres is not null)
        {
            args.AddRange(["--ConnectionStrings:Postgres", _postgres]);
        }

        foreach (var (key, value) in _settings)
        {
            args.AddRange(["--" + key, value]);
        }

        _app = SiloApplication.Build(args.ToArray());
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        try
        {
            Directory.Delete(_dataPath, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
