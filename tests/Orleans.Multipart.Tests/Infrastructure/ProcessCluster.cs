using Amazon.Runtime;
using Amazon.S3;

namespace Orleans.Multipart.Tests.Infrastructure;

/// <summary>
/// A real cluster of processes, started by <c>scripts/cluster.sh</c> on the test PostgreSQL: three
/// silos (each co-hosting the HTTP gateway) and one standalone gateway, sharing one blob directory,
/// on a PostgreSQL server of their own (cluster.sh starts it), so that a test can stop it.
/// </summary>
public class ProcessCluster : IAsyncLifetime
{
    public const int Silos = 3;
    public const string AccessKey = "cluster-test-access";
    public const string SecretKey = "cluster-test-secret-key";
    public const string ClusterId = "cluster-test";

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "omp-proc-" + Guid.NewGuid().ToString("N")[..10]);

    // Other test runs may share the machine: a port block of our own (HTTP base..+3, silo +101.., gateways +201..).
    public int PortBase { get; } = Random.Shared.Next(200, 290) * 100;

    /// <summary>The cluster's database (known once <see cref="InitializeAsync"/> has started it).</summary>
    public string ConnectionString { get; private set; } = "";

    public static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Orleans.Multipart.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
        }
    }

    /// <summary>The standalone gateway's HTTP address.</summary>
    public Uri Gateway => new($"http://127.0.0.1:{PortBase}/");

    /// <summary>Silo <paramref name="index"/>'s (1-based) co-hosted HTTP address.</summary>
    public Uri Silo(int index) => new($"http://127.0.0.1:{PortBase + index}/");

    /// <summary>Silo <paramref name="index"/>'s silo-to-silo port (how Orleans names it).</summary>
    public int SiloPort(int index) => PortBase + 100 + index;

    public IReadOnlyList<Uri> EntryPoints => [Gateway, .. Enumerable.Range(1, Silos).Select(Silo)];

    /// <summary>More environment for cluster.sh and every process it starts.</summary>
    protected Dictionary<string, string> Environment { get; } = [];

    public Task<ExternalClient.Result> RunAsync(params string[] arguments) =>
        ExternalClient.RunAsync("bash", [Path.Combine(RepositoryRoot, "scripts", "cluster.sh"), .. arguments], new Dictionary<string, string>(Environment)
        {
            ["OMP_CLUSTER_DIR"] = _dir,
            ["OMP_CLUSTER_PORT_BASE"] = PortBase.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["OMP_CLUSTER_BUILD"] = "Release",
            ["Orleans__ClusterId"] = ClusterId,
            ["Auth__RootAccessKey"] = AccessKey,
            ["Auth__RootSecretKey"] = SecretKey,
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning",
            // Small parts keep the load test's bytes modest; durability across a process kill does not need fsync.
            ["Gateway__MinPartSize"] = "1",
            ["Storage__Blobs__Fsync"] = "false",
            // Longer than the balancer's /readyz period (ReadinessBalancer), far shorter than the production 5 s.
            ["Shutdown__DrainDelay"] = "00:00:02",
        });

    public async Task RunCheckedAsync(params string[] arguments)
    {
        var result = await RunAsync(arguments);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"cluster.sh {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.Output}\n{Logs()}");
        }
    }

    /// <summary>Whether silo <paramref name="index"/>'s process still runs (a zombie has exited).</summary>
    public bool IsRunning(int index)
    {
        var pidFile = Path.Combine(_dir, $"silo-{index}.pid");
        if (!File.Exists(pidFile))
        {
            return false;
        }

        var stat = Path.Combine("/proc", File.ReadAllText(pidFile).Trim(), "stat");
        try
        {
            // "pid (comm) S ...": the state follows the command's closing parenthesis.
            var text = File.ReadAllText(stat);
            return text[(text.LastIndexOf(')') + 2)..][0] is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Silo <paramref name="index"/>'s status in Orleans' membership table, newest generation (3 Active, 5 ShuttingDown... 6 Dead).</summary>
    public async Task<int?> MembershipStatusAsync(int index)
    {
        await using var connection = new Npgsql.NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT status FROM orleans_membership WHERE port = @port ORDER BY generation DESC LIMIT 1", connection);
        command.Parameters.AddWithValue("port", SiloPort(index));
        return await command.ExecuteScalarAsync() is int status ? status : null;
    }

    public string Logs() =>
        string.Join('\n', Directory.Exists(_dir)
            ? Directory.GetFiles(_dir, "*.log").Select(f => $"--- {Path.GetFileName(f)}\n{string.Join('\n', File.ReadLines(f).TakeLast(30))}")
            : []);

    /// <summary>Every process's warnings and errors (with the exception lines after them), for a failed test's output.</summary>
    public string Errors() =>
        string.Join('\n', Directory.Exists(_dir)
            ? Directory.GetFiles(_dir, "*.log").Select(f => $"--- {Path.GetFileName(f)}\n{string.Join('\n', File.ReadLines(f).Where(l => l.Contains("fail:", StringComparison.Ordinal) || l.Contains("Exception", StringComparison.Ordinal) || l.Contains("rejected", StringComparison.Ordinal)).Take(60))}")
            : []);

    public static AmazonS3Client S3(Uri entryPoint) =>
        new(new BasicAWSCredentials(AccessKey, SecretKey), new AmazonS3Config
        {
            ServiceURL = entryPoint.ToString(),
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            Timeout = TimeSpan.FromSeconds(30),
            MaxErrorRetry = 0,
        });

    public virtual async Task InitializeAsync()
    {
        await RunCheckedAsync("start", Silos.ToString(System.Globalization.CultureInfo.InvariantCulture), "--gateway");
        await ReadConnectionStringAsync();
    }

    protected async Task ReadConnectionStringAsync() =>
        ConnectionString = (await File.ReadAllTextAsync(Path.Combine(_dir, "connection-string"))).Trim();

    public virtual async Task DisposeAsync() => await RunAsync("stop");
}
