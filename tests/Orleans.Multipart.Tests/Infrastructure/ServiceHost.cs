using Amazon.Runtime;
using Amazon.S3;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Multipart.Gateway;
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
    private readonly Xunit.Abstractions.ITestOutputHelper? _output;
    private HeldPorts? _heldOrleansPorts = new(2);
    private int _siloPort;
    private int _gatewayPort;
    private WebApplication? _app;

    private ServiceHost(StoreKind kind, Dictionary<string, string> settings, Xunit.Abstractions.ITestOutputHelper? output)
    {
        _kind = kind;
        _settings = settings;
        _output = output;
        (_siloPort, _gatewayPort) = (_heldOrleansPorts[0], _heldOrleansPorts[1]);
        _dataPath = Path.Combine(Path.GetTempPath(), "omp-test-" + Guid.NewGuid().ToString("N")[..12]);
        _postgres = kind == StoreKind.Postgres ? TestPostgres.CreateDatabase() : null;
    }

    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider Services => _app!.Services;

    public StoreKind Kind => _kind;

    public string DataPath => _dataPath;

    /// <summary>The port this silo takes Orleans clients on (a standalone gateway process connects there).</summary>
    public int OrleansGatewayPort => _gatewayPort;

    /// <summary>This host's own PostgreSQL database (Postgres mode), null on SQLite.</summary>
    public string? PostgresConnectionString => _postgres;

    public static Task<ServiceHost> StartAsync(StoreKind kind, Dictionary<string, string>? settings = null) =>
        StartAsync(kind, settings, output: null);

    /// <summary>Starts a host whose log goes to <paramref name="output"/> (the test's own: shown only when the test fails).</summary>
    public static async Task<ServiceHost> StartAsync(StoreKind kind, Dictionary<string, string>? settings, Xunit.Abstractions.ITestOutputHelper? output)
    {
        settings ??= new Dictionary<string, string>();
        if (!settings.ContainsKey("Storage:Blobs:Provider"))
        {
            // The suite's backend (OMP_TEST_BLOBS) unless the test chose one; kept for restarts.
            foreach (var (key, value) in await TestBlobs.SettingsAsync())
            {
                settings[key] = value;
            }
        }

        var host = new ServiceHost(kind, settings, output);
        try
        {
            await host.StartAppAsync(port: 0);
        }
        catch
        {
            // Nothing of a host that never started stays behind (its data directory, its listeners).
            await host.DisposeAsync();
            throw;
        }

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

    /// <summary>The S3 backend's bucket and key prefix when the host's blobs are in the test RGW, null when they are local files.</summary>
    private (string Bucket, string Prefix)? S3Blobs =>
        _settings.TryGetValue("Storage:Blobs:Provider", out var provider) && string.Equals(provider, "S3", StringComparison.OrdinalIgnoreCase)
            ? (_settings["Storage:Blobs:S3:Bucket"], _settings.GetValueOrDefault("Storage:Blobs:S3:Prefix", "blobs/"))
            : null;

    /// <summary>
    /// Every blob the host's backend holds now, one name per blob (a file path under the local blob
    /// directory, or an object key in the S3 backend's bucket), for a test to compare before and after.
    /// </summary>
    public async Task<HashSet<string>> BlobsAsync() => S3Blobs is var (bucket, prefix)
        ? (await TestRgw.ListAsync(bucket, prefix)).Select(o => o.Key).ToHashSet()
        : Directory.EnumerateFiles(Path.Combine(_dataPath, "blobs"), "*", SearchOption.AllDirectories).ToHashSet();

    /// <summary>The stored bytes of a blob named by <see cref="BlobsAsync"/> (ciphertext when encrypted at rest).</summary>
    public async Task<byte[]> ReadBlobAsync(string blob) =>
        S3Blobs is var (bucket, _) ? await TestRgw.ReadRawAsync(bucket, blob) : await File.ReadAllBytesAsync(blob);

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

    /// <summary>
    /// Starts the app; Orleans' ports are held until this moment (<see cref="HeldPorts"/>), and if one
    /// was still taken by the time Orleans bound it (another test run's silo, say), new ones are tried.
    /// </summary>
    private async Task StartAppAsync(int port)
    {
        for (var attempt = 1; ; attempt++)
        {
            _heldOrleansPorts?.Release();
            _heldOrleansPorts = null;
            try
            {
                await StartAppOnceAsync(port);
                return;
            }
            catch (Exception e) when (attempt < 5 && PortInUse.IsPortInUse(e))
            {
                if (_app is not null)
                {
                    await _app.DisposeAsync();
                    _app = null;
                }

                _heldOrleansPorts = new HeldPorts(2);
                (_siloPort, _gatewayPort) = (_heldOrleansPorts[0], _heldOrleansPorts[1]);
            }
        }
    }

    private async Task StartAppOnceAsync(int port)
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
            // The console shows only errors: hundreds of hosts' request lines (Orleans.Multipart logs them at
            // Information) and Orleans' start-up notes ("Silo not running with ServerGC") would bury the
            // test results. Tests that read the log capture it with their own provider.
            "--Logging:Console:LogLevel:Default", "Error",
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
            args.AddRange(["--ConnectionStrings:Postgres", _postgres, "--Auth:MasterKey", TestPostgres.MasterKey]);
        }

        foreach (var (key, value) in _settings)
        {
            args.AddRange(["--" + key, value]);
        }

        _app = SiloApplication.Build(args.ToArray(), builder =>
        {
            if (_output is not null)
            {
                builder.Logging.AddProvider(new TestOutputLoggerProvider(_output));
            }
        });
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
    }

    public async ValueTask DisposeAsync()
    {
        _heldOrleansPorts?.Dispose();
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
