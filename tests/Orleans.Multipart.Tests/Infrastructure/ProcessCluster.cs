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

    // Other test runs may share the machine: a port block of our own (HTTP base..+3, silo +101.., gateways +201..),
    // every port of it free when chosen and held until cluster.sh is first run (then its processes bind them).
    private readonly HeldBlock _block = HeldBlock.Choose();

    public int PortBase => _block.Base;

    /// <summary>Where the processes' logs are kept once the cluster stops (its own directory is removed): under the test output, replaced by the next run.</summary>
    public string LogDirectory => Path.Combine(KeptLogsRoot, Path.GetFileName(_dir));

    private static readonly string KeptLogsRoot = ClearKeptLogs(Path.Combine(AppContext.BaseDirectory, "TestResults", "cluster-logs"));

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

    private const string BlobProviderVariable = "Storage__Blobs__Provider";

    /// <summary>More environment for cluster.sh and every process it starts.</summary>
    protected Dictionary<string, string> Environment { get; } = [];

    public async Task<ExternalClient.Result> RunAsync(params string[] arguments)
    {
        _block.Release();
        if (!Environment.ContainsKey(BlobProviderVariable))
        {
            // The suite's blob backend (OMP_TEST_BLOBS) unless a subclass chose one: decided once, on the
            // first run, so that every process of the cluster, restarts included, uses the same bucket and key.
            foreach (var (key, value) in TestBlobs.AsEnvironment(await TestBlobs.SettingsAsync()))
            {
                Environment[key] = value;
            }

            Environment.TryAdd(BlobProviderVariable, "Local");
        }

        return await ExternalClient.RunAsync("bash", [Path.Combine(RepositoryRoot, "scripts", "cluster.sh"), .. arguments], new Dictionary<string, string>(Environment)
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
            ["OMP_CLUSTER_KEEP_LOGS"] = LogDirectory,
        });
    }

    public async Task RunCheckedAsync(params string[] arguments)
    {
        var result = await RunAsync(arguments);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"cluster.sh {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.Output}\n{Logs()}\n(whole logs kept in {LogDirectory} once the cluster stops)");
        }
    }

    /// <summary>Whether silo <paramref name="index"/>'s process still runs (a zombie has exited).</summary>
    public bool IsRunning(int index) => IsRunning($"silo-{index}");

    /// <summary>
    /// Starts silo <paramref name="index"/> again (after kill, term or a fail-fast stop), up to three
    /// times: on a loaded machine a silo that starts slowly can be voted dead by the others before it is
    /// ready (then it stops itself and cluster.sh reports that it exited during start-up).
    /// </summary>
    public async Task RestartSiloAsync(int index)
    {
        var name = index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var failures = new List<string>();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            await StopSiloAsync(index);
            var result = await RunAsync("restart", name);
            if (result.ExitCode == 0)
            {
                return;
            }

            failures.Add($"attempt {attempt}: {result.Output.Trim()}");
        }

        throw new InvalidOperationException($"silo {index} did not start again: {string.Join("; ", failures)}\n{Logs()}\n(whole logs kept in {LogDirectory} once the cluster stops)");
    }

    /// <summary>
    /// Brings the cluster back to what every test starts from, whatever the previous test left: PostgreSQL
    /// up, every silo and the standalone gateway running and ready (a test must not depend on the previous
    /// one's cleanup).
    /// </summary>
    public async Task EnsureHealthyAsync()
    {
        if (!await DatabaseAnswersAsync())
        {
            await RunAsync("db-start");
        }

        for (var i = 1; i <= Silos; i++)
        {
            if (!IsRunning(i) || !await IsReadyAsync(Silo(i), TimeSpan.FromSeconds(60)))
            {
                await RestartSiloAsync(i);
            }
        }

        if (!IsRunning("gateway"))
        {
            await RunCheckedAsync("gateway");
        }

        foreach (var entry in EntryPoints)
        {
            Assert.True(await IsReadyAsync(entry, TimeSpan.FromSeconds(120)), $"{entry} not ready within 120 s\n{Logs()}");
        }
    }

    private async Task StopSiloAsync(int index)
    {
        if (!IsRunning(index))
        {
            return;
        }

        var name = index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await RunAsync("resume", name);
        await RunAsync("kill", name);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (IsRunning(index) && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(100);
        }
    }

    private static async Task<bool> IsReadyAsync(Uri entry, TimeSpan within)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        do
        {
            try
            {
                using var response = await http.GetAsync(new Uri(entry, "readyz"));
                if (response.IsSuccessStatusCode)
                {
                    return true;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(250);
        }
        while (clock.Elapsed < within);
        return false;
    }

    private async Task<bool> DatabaseAnswersAsync()
    {
        try
        {
            await using var connection = new Npgsql.NpgsqlConnection(ConnectionString + ";Timeout=5");
            await connection.OpenAsync();
            return true;
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    private bool IsRunning(string process)
    {
        var pidFile = Path.Combine(_dir, $"{process}.pid");
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

    /// <summary>The whole log of one process (<c>silo-1</c>, <c>gateway</c>) so far.</summary>
    public string Log(string process) => File.ReadAllText(Path.Combine(_dir, process + ".log"));

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

    private static string ClearKeptLogs(string root)
    {
        // One run's logs: the previous run's go when this one's first cluster is made.
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }

        return root;
    }

    /// <summary>A block of ports (HTTP base..+3, silos +101..+103, Orleans gateways +201..+203), each bound and held until released.</summary>
    private sealed class HeldBlock
    {
        private static readonly int[] Offsets = [0, 1, 2, 3, 101, 102, 103, 201, 202, 203];
        private List<System.Net.Sockets.TcpListener>? _held;

        private HeldBlock(int portBase, List<System.Net.Sockets.TcpListener> held) => (Base, _held) = (portBase, held);

        public int Base { get; }

        public static HeldBlock Choose()
        {
            for (var attempt = 0; ; attempt++)
            {
                var portBase = Random.Shared.Next(200, 290) * 100;
                var held = new List<System.Net.Sockets.TcpListener>();
                try
                {
                    foreach (var offset in Offsets)
                    {
                        // Any address: a listener of another run on any interface makes the port unusable here.
                        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Any, portBase + offset);
                        listener.Start();
                        held.Add(listener);
                    }

                    return new HeldBlock(portBase, held);
                }
                catch (System.Net.Sockets.SocketException) when (attempt < 50)
                {
                    held.ForEach(l => l.Stop());
                }
            }
        }

        public void Release()
        {
            _held?.ForEach(l => l.Stop());
            _held = null;
        }
    }
}
