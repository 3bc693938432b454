using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Hosting;
using Orleans.Multipart.Bench.Harness;

// The benchmark harness: starts PostgreSQL, the service (on PostgreSQL and on SQLite) and the peers
// (s3rver; Ceph RGW through scripts/rgw.sh), measures each figure beside its reference in the same run, prints a table and writes
// bench/results/latest.json plus a dated copy. Usage: bench/run.sh [--quick]; other modes: --s3-backend, --copy,
// --compare (through bench/compare.sh), and the profiling aids below. --as-admin (any mode): sign the measured
// requests with the root key instead of an ordinary account's (Harness/BenchPrincipal.cs).
args = BenchPrincipal.TakeOption(args);
if (args.Length == 3 && args[0] == "--load-initiate")
{
    // Profiling aid: drive initiates at a running service (dev credentials) for N seconds.
    var target = new SigV4Client("target", new Uri(args[1]), "omp-dev-access-key", "omp-dev-secret-key-change-me", 64);
    await target.CreateBucketAsync("bench");
    var r = await Scenarios.InitiateRateAsync(target, "bench", 64, TimeSpan.FromSeconds(int.Parse(args[2], CultureInfo.InvariantCulture)), new Progress("initiates"));
    Console.WriteLine($"\n{r.PerSecond:0} initiates/s, p50 {r.P50Ms:0.0} ms, p99 {r.P99Ms:0.0} ms, client cpu {r.ClientCpuShare:P0}");
    return 0;
}

if (args.Length is 4 or 6 && args[0] == "--load-small-parts")
{
    // Issue 20's small-part floor: N parts of 4 KiB into one upload at a running service, C in flight
    // (--load-small-parts URL N C [ACCESS_KEY SECRET_KEY]; dev credentials by default): Scenarios.PartThroughputAsync with 4 KiB parts.
    var (ak, sk) = args.Length == 6 ? (args[4], args[5]) : ("omp-dev-access-key", "omp-dev-secret-key-change-me");
    var target = new SigV4Client("target", new Uri(args[1]), ak, sk, 64);
    await target.CreateBucketAsync("bench");
    var (parts, inFlight) = (int.Parse(args[2], CultureInfo.InvariantCulture), int.Parse(args[3], CultureInfo.InvariantCulture));
    var r = await Scenarios.PartThroughputAsync(target, "bench", 4096, inFlight, parts, new Progress("parts"));
    Progress.Done();
    Console.WriteLine(
        $"{r.Parts} parts of 4 KiB, {inFlight} in flight: {r.MbPerSecond * 1_000_000 / 4096:0} parts/s, p50 {r.P50Ms:0.0} ms, p99 {r.P99Ms:0.0} ms, " +
        $"client cpu {r.ClientCpuShare:P0}, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
    return 0;
}

if (args.Length is 5 or 7 && args[0] == "--load-parts")
{
    // Issue 24's part path: N parts of SIZE bytes into one upload at a running service (or any S3 endpoint), C in
    // flight (--load-parts URL N C SIZE [ACCESS_KEY SECRET_KEY]), with the server's CPU read around it by the caller.
    var (ak, sk) = args.Length == 7 ? (args[5], args[6]) : ("omp-dev-access-key", "omp-dev-secret-key-change-me");
    var target = new SigV4Client("target", new Uri(args[1]), ak, sk, 64);
    await target.CreateBucketAsync("bench");
    var (parts, inFlight, size) = (int.Parse(args[2], CultureInfo.InvariantCulture), int.Parse(args[3], CultureInfo.InvariantCulture), int.Parse(args[4], CultureInfo.InvariantCulture));
    var r = await Scenarios.PartThroughputAsync(target, "bench", size, inFlight, parts, new Progress("parts"));
    Progress.Done();
    Console.WriteLine(
        $"{r.Parts} parts of {size} bytes, {inFlight} in flight: {r.MbPerSecond:0.0} MB/s, p50 {r.P50Ms:0.0} ms, p99 {r.P99Ms:0.0} ms, " +
        $"client cpu {r.ClientCpuShare:P0}, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
    return 0;
}

if (args.Length >= 1 && args[0] == "--copy")
{
    // CopyObject of a large multipart object against a 5 MiB one (and UploadPartCopy), through AWSSDK.S3: bench/Harness/CopyBench.cs.
    var gib = args.Length == 3 && args[1] == "--gib" ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5;
    return await CopyBench.RunAsync(FindRoot(), gib);
}

if (args.Length >= 1 && args[0] == "--s3-backend")
{
    // Issue 24's figures alone (the regular run measures them too): bench/Harness/S3BackendBench.cs.
    var integrity = Array.IndexOf(args, "--integrity") is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    return await S3BackendBench.RunAsync(FindRoot(), args.Contains("--quick"), integrity);
}

if (args.Length >= 1 && args[0] == "--lifecycle-expiry")
{
    // Issue 23's expiry figure (N open uploads and N objects expired by a bucket's lifecycle rules): bench/Harness/LifecycleExpiryBench.cs.
    var rows = args.Length == 3 && args[1] == "--rows" ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1_000_000;
    return await LifecycleExpiryBench.RunAsync(FindRoot(), rows);
}

if (args.Length >= 1 && args[0] == "--compare")
{
    // Before/after of two revisions' builds (bench/compare.sh builds them and passes --{before,after}-{rev,commit,silo}): bench/Harness/CompareBench.cs.
    var options = new Dictionary<string, string>();
    for (var i = 1; i < args.Length; i++)
    {
        if (args[i] == "--quick")
        {
            options["quick"] = "true";
        }
        else if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length)
        {
            options[args[i][2..]] = args[++i];
        }
        else
        {
            Console.Error.WriteLine($"unexpected argument: {args[i]}");
            return 2;
        }
    }

    CompareBuild Side(string side) => new(side, options[side + "-rev"], options[side + "-commit"], options[side + "-silo"]);
    var rounds = int.Parse(options.GetValueOrDefault("rounds", "6"), CultureInfo.InvariantCulture);
    return await CompareBench.RunAsync(FindRoot(), Side("before"), Side("after"), rounds, options.ContainsKey("quick"));
}

if (args.Length == 2 && args[0] == "--ping-silo")
{
    // The other silo process of the cross-process grain-call figure: joins the ping cluster and serves until killed.
    using var pingSilo = await ClusterBench.StartPingSiloAsync(args[1]);
    Console.WriteLine("ping silo ready");
    await pingSilo.WaitForShutdownAsync();
    return 0;
}

var quick = args.Contains("--quick");
var root = FindRoot();
var work = Directory.CreateTempSubdirectory("omp-bench-").FullName;
var results = new JsonObject { ["mode"] = quick ? "quick" : "full", ["date"] = DateTimeOffset.UtcNow.ToString("o") };
var processes = new List<Process>();
// Outside the private work directory: the postgres user must be able to reach it.
var pgDir = Path.Combine(Path.GetTempPath(), "omp-bench-pg-" + Guid.NewGuid().ToString("N")[..8]);
var clock = Stopwatch.StartNew();
var succeeded = false;
Func<Task<string>>? clusterStop = null;
var rgwDir = Path.Combine(work, "rgw");
Task<RgwPeer>? rgwStart = null;
var siloPids = new Dictionary<string, int>();
await using var load = new LoadAverage();

var initiateDuration = TimeSpan.FromSeconds(quick ? 5 : 30);
var partCount = quick ? 32 : 256;
var grainDuration = TimeSpan.FromSeconds(quick ? 3 : 10);
var clusterDuration = TimeSpan.FromSeconds(quick ? 3 : 30);

void Step(string text) => Console.Error.WriteLine($"[{clock.Elapsed:mm\\:ss}] {text}");
void Record(string key, double value) => results[key] = Math.Round(value, 3);

try
{
    Step("building the service (Release)");
    await Shell.RunAsync("dotnet", "build Silo/Silo.csproj -c Release -nologo -v quiet", root);
    await Shell.RunAsync("dotnet", "build GatewayHost/GatewayHost.csproj -c Release -nologo -v quiet", root);

    Step("starting PostgreSQL (scripts/postgres.sh)");
    await Shell.RunAsync(Path.Combine(root, "scripts", "postgres.sh"), $"start {pgDir}");
    var connection = (await File.ReadAllTextAsync(Path.Combine(pgDir, "connection-string"))).Trim();
    var pgPort = int.Parse(connection.Split(';').First(p => p.StartsWith("Port=", StringComparison.Ordinal))[5..], CultureInfo.InvariantCulture);
    var pgBin = Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Order().Last();

    Step("installing the peer (s3rver from npm)");
    var peerDir = Path.Combine(root, "bench", ".peer");
    if (!File.Exists(Path.Combine(peerDir, "node_modules", "s3rver", "bin", "s3rver.js")))
    {
        Directory.CreateDirectory(peerDir);
        await Shell.RunAsync("npm", $"install --prefix {peerDir} --no-audit --no-fund --silent s3rver@3.7.1", root);
    }

    const string ak = ServiceProcess.AccessKey, sk = ServiceProcess.SecretKey;
    var siloDll = Path.Combine(root, "Silo", "bin", "Release", "net10.0", "Orleans.Multipart.Silo.dll");
    async Task<SigV4Client> StartSilo(string name, string storageArgs)
    {
        var started = await ServiceProcess.StartAsync(siloDll, name, work, storageArgs);
        processes.Add(started.Process);
        siloPids[name] = started.Process.Id;
        results["principal"] = started.Principal;
        return started.Client;
    }

    Step($"starting Ceph RGW (scripts/rgw.sh start {rgwDir}) alongside");
    rgwStart = RgwPeer.StartAsync(root, rgwDir);

    Step("starting the service on PostgreSQL and on SQLite");
    var pgService = await StartSilo("service-postgres", $"--Storage:Provider Postgres --ConnectionStrings:Postgres \"{connection};Maximum Pool Size=200\"");
    var sqliteService = await StartSilo("service-sqlite", "--Storage:Provider Sqlite");
    Step($"the measured requests are signed as {results["principal"]}");

    Step("starting s3rver");
    var peerPort = Shell.FreePort();
    processes.Add(Shell.Start("node", $"{Path.Combine(peerDir, "node_modules", "s3rver", "bin", "s3rver.js")} -d {Path.Combine(work, "peer")} -a 127.0.0.1 -p {peerPort} -s", Path.Combine(work, "peer.log")));
    Directory.CreateDirectory(Path.Combine(work, "peer"));
    await Shell.WaitForHttpAsync(new Uri($"http://127.0.0.1:{peerPort}/"), TimeSpan.FromSeconds(30), _ => true);
    var peer = new SigV4Client("s3rver", new Uri($"http://127.0.0.1:{peerPort}"), "S3RVER", "S3RVER", 64);

    var rgwPeer = await rgwStart;
    var rgw = rgwPeer.Client;
    results["rgw_start_s"] = Math.Round(rgwPeer.StartTime.TotalSeconds, 1);
    Step($"Ceph RGW up ({rgwPeer.StartTime.TotalSeconds:0} s)");
    foreach (var target in new[] { pgService, sqliteService, peer, rgw })
    {
        await target.CreateBucketAsync("bench");
    }

    // 1. Initiate rate against pgbench's INSERT rate.
    Step($"pgbench reference: one-row INSERT, 64 clients, {initiateDuration.TotalSeconds:0} s");
    Record("pg_insert_tps", await References.PgInsertTpsAsync(pgBin, pgPort, 64, initiateDuration, work));
    foreach (var (prefix, target) in new[] { ("", pgService), ("sqlite_", sqliteService), ("peer_", peer) })
    {
        Step($"initiate rate: {target.Name}, 64 connections, {initiateDuration.TotalSeconds:0} s");
        var rate = await Scenarios.InitiateRateAsync(target, "bench", 64, initiateDuration, new Progress("initiates"));
        Progress.Done();
        Record(prefix + "initiate_per_s", rate.PerSecond);
        Record(prefix + "initiate_p50_ms", rate.P50Ms);
        Record(prefix + "initiate_p99_ms", rate.P99Ms);
        Record(prefix + "initiate_client_cpu_share", rate.ClientCpuShare);
    }

    // 2. Part throughput against dd.
    Step($"dd reference: {partCount} x 8 MiB, conv=fdatasync");
    Record("disk_mb_per_s", await References.DiskMbPerSecondAsync(work, partCount));
    foreach (var (prefix, target) in new[] { ("", pgService), ("sqlite_", sqliteService), ("peer_", peer), ("rgw_", rgw) })
    {
        Step($"part throughput: {target.Name}, {partCount} x 8 MiB, 16 in parallel");
        var parts = await Scenarios.PartThroughputAsync(target, "bench", 8 * 1024 * 1024, 16, partCount, new Progress("parts", partCount));
        Progress.Done();
        Record(prefix + "part_mb_per_s", parts.MbPerSecond);
        Record(prefix + "part_p50_ms", parts.P50Ms);
        Record(prefix + "part_p99_ms", parts.P99Ms);
        Record(prefix + "part_client_cpu_share", parts.ClientCpuShare);
    }

    // 3. Complete of large part lists (a metadata operation: no bytes move).
    foreach (var count in new[] { 1000, 10000 })
    {
        Step($"complete: {count} parts on PostgreSQL");
        Record($"complete_ms_{count}", await Scenarios.CompleteTimeAsync(pgService, "bench", count, new Progress("parts uploaded", count)));
        Progress.Done();
    }

    // Issue 20's figures beside Ceph RGW: bench/Harness/PeerComparison.cs.
    await PeerComparison.RunAsync(
        new ServerUnderTest("", pgService, siloPids["service-postgres"], null),
        new ServerUnderTest("sqlite_", sqliteService, siloPids["service-sqlite"], null),
        new ServerUnderTest("rgw_", rgw, rgwPeer.RadosgwPid, rgwPeer.OsdPid),
        rgwPeer, Path.Combine(work, "service-postgres", "blobs"), quick, Step, results);

    // Issue 24's figures: the service with its blobs on that RGW (Storage:Blobs:Provider=S3, its own database)
    // against RGW directly and against the local store (bench/Harness/S3BackendComparison.cs). Started for
    // these steps only, so that no other figure shares the machine with one more idle silo.
    Step("starting the service with Storage:Blobs:Provider=S3 on Ceph RGW");
    var s3BackendDatabase = await ClusterBench.CreateDatabaseAsync(connection, "s3backend");
    var s3Service = await StartSilo("service-s3backend",
        $"--Storage:Provider Postgres --ConnectionStrings:Postgres \"{s3BackendDatabase};Maximum Pool Size=200\" {await S3BackendComparison.PrepareBackendAsync(rgwPeer)}");
    await s3Service.CreateBucketAsync("bench");
    await S3BackendComparison.RunAsync(s3Service, siloPids["service-s3backend"], pgService, siloPids["service-postgres"], CpuSplit.PostmasterOf(pgDir), rgwPeer, partCount, quick, Step, results);
    var s3Process = processes.Single(p => p.Id == siloPids["service-s3backend"]);
    s3Process.Kill(entireProcessTree: true);
    await s3Process.WaitForExitAsync();

    // 4. Orleans alone.
    Step($"grain calls in one silo, {grainDuration.TotalSeconds:0} s");
    var calls = await RuntimeBench.CallRateAsync(grainDuration);
    Record("grain_calls_per_s_local", calls.PerSecond);
    Record("grain_call_p50_ms", calls.P50Ms);
    Record("grain_call_p99_ms", calls.P99Ms);
    Step($"grain calls between two silos (TestingHost), {grainDuration.TotalSeconds:0} s");
    var crossSilo = await RuntimeBench.CrossSiloCallRateAsync(grainDuration);
    Record("grain_calls_per_s_cross_silo", crossSilo.PerSecond);
    Record("grain_call_cross_silo_p50_ms", crossSilo.P50Ms);
    Record("grain_call_cross_silo_p99_ms", crossSilo.P99Ms);
    // What a reminder per upload would add to each initiate: Orleans' ADO.NET reminder upserts on the
    // same PostgreSQL, one per new grain, 64 at a time (the expiry sweep registers one reminder in all).
    Step($"Orleans reminder registrations on PostgreSQL, 64 concurrent, {grainDuration.TotalSeconds:0} s");
    var reminders = await ReminderBench.RegistrationRateAsync(connection, grainDuration);
    Record("reminder_registrations_per_s", reminders.PerSecond);
    Record("reminder_registration_p50_ms", reminders.P50Ms);
    Record("reminder_registration_p99_ms", reminders.P99Ms);
    Step("memory per idle activation over 100,000 activations");
    Record("activation_bytes", await RuntimeBench.ActivationBytesAsync(100_000, new Progress("activations", 100_000)));
    Progress.Done();

    // 5. The cluster: scripts/cluster.sh's 3 co-hosted silos and a standalone gateway, on a database of their own.
    Step("starting 3 silos and a standalone gateway (scripts/cluster.sh) on PostgreSQL");
    var clusterConnection = await ClusterBench.CreateDatabaseAsync(connection, "cluster");
    var clusterDir = Path.Combine(work, "cluster");
    var clusterPorts = Random.Shared.Next(100, 200) * 100;
    await ClusterBench.RunAsync(root, clusterDir, clusterPorts, clusterConnection, ak, sk, "start 3 --gateway");
    clusterStop = () => ClusterBench.RunAsync(root, clusterDir, clusterPorts, clusterConnection, ak, sk, "stop");
    // The cluster's own account and key (through silo 1's admin API; every silo and the gateway load it from the database).
    var clusterKey = await BenchPrincipal.ForAsync(new Uri($"http://127.0.0.1:{clusterPorts + 1}"), ak, sk);
    var silos = Enumerable.Range(1, 3).Select(i => new SigV4Client($"silo-{i}", new Uri($"http://127.0.0.1:{clusterPorts + i}"), clusterKey.AccessKey, clusterKey.SecretKey, 64)).ToArray();
    var gateway = new SigV4Client("gateway", new Uri($"http://127.0.0.1:{clusterPorts}"), clusterKey.AccessKey, clusterKey.SecretKey, 64);
    await silos[0].CreateBucketAsync("bench");

    // The one-silo reference right before the cluster's figure (same load, same minute, the cluster idle
    // beside it): the run's first initiate figure is minutes older, and a shared machine drifts.
    Step($"initiate rate: {pgService.Name} again, beside the idle cluster, 64 connections, {clusterDuration.TotalSeconds:0} s");
    var single = await Scenarios.InitiateRateAsync(pgService, "bench", 64, clusterDuration, new Progress("initiates"));
    Progress.Done();
    Record("single_initiate_per_s", single.PerSecond);
    Step($"initiate rate: 3 co-hosted silos, 64 connections spread over them, {clusterDuration.TotalSeconds:0} s");
    var cluster3 = await ClusterBench.InitiateRateAsync(silos, 64, clusterDuration, new Progress("initiates"));
    Progress.Done();
    Record("cluster3_initiate_per_s", cluster3.PerSecond);
    Record("cluster3_initiate_p50_ms", cluster3.P50Ms);
    Record("cluster3_initiate_p99_ms", cluster3.P99Ms);
    Step($"part throughput: 3 co-hosted silos, {partCount} x 8 MiB, 16 in parallel over them");
    var clusterParts = await ClusterBench.PartThroughputAsync(silos, 16, partCount, new Progress("parts", partCount));
    Progress.Done();
    Record("cluster3_part_mb_per_s", clusterParts.MbPerSecond);
    Record("cluster3_part_p50_ms", clusterParts.P50Ms);
    Record("cluster3_part_p99_ms", clusterParts.P99Ms);

    foreach (var (key, target) in new[] { ("cohosted", silos[0]), ("gateway", gateway) })
    {
        Step($"initiate rate in the cluster through {target.Name} only, 64 connections, {clusterDuration.TotalSeconds:0} s");
        var rate = await Scenarios.InitiateRateAsync(target, "bench", 64, clusterDuration, new Progress("initiates"));
        Progress.Done();
        Record(key + "_initiate_per_s", rate.PerSecond);
        Record(key + "_initiate_p50_ms", rate.P50Ms);
        Record(key + "_initiate_p99_ms", rate.P99Ms);
    }

    await clusterStop();
    clusterStop = null;

    Step($"grain calls between two silo processes (PostgreSQL membership), {grainDuration.TotalSeconds:0} s");
    var pingChild = Shell.Start("dotnet", $"{typeof(ClusterBench).Assembly.Location} --ping-silo \"{clusterConnection}\"", Path.Combine(work, "ping-silo.log"));
    processes.Add(pingChild);
    using (var pingSilo = await ClusterBench.StartPingSiloAsync(clusterConnection))
    {
        var crossProcess = await ClusterBench.CrossProcessCallRateAsync(pingSilo, 1, grainDuration);
        Record("grain_calls_per_s_cross_process", crossProcess.PerSecond);
        Record("grain_call_cross_process_p50_ms", crossProcess.P50Ms);
        Record("grain_call_cross_process_p99_ms", crossProcess.P99Ms);
        await pingSilo.StopAsync();
    }

    double R(string a, string b) => (double)results[a]! / (double)results[b]!;
    Record("cluster3_initiate_ratio_vs_1", R("cluster3_initiate_per_s", "single_initiate_per_s"));
    Record("cluster3_part_ratio_vs_1", R("cluster3_part_mb_per_s", "part_mb_per_s"));
    Record("gateway_initiate_ratio_vs_cohosted", R("gateway_initiate_per_s", "cohosted_initiate_per_s"));
    Record("cross_process_ratio_vs_in_process", R("grain_calls_per_s_cross_process", "grain_calls_per_s_cross_silo"));
    Record("initiate_ratio_vs_pg", R("initiate_per_s", "pg_insert_tps"));
    Record("part_ratio_vs_disk", R("part_mb_per_s", "disk_mb_per_s"));
    Record("initiate_ratio_vs_peer", R("initiate_per_s", "peer_initiate_per_s"));
    Record("part_ratio_vs_peer", R("part_mb_per_s", "peer_part_mb_per_s"));
    Record("sqlite_part_ratio_vs_disk", R("sqlite_part_mb_per_s", "disk_mb_per_s"));
    Record("part_ratio_vs_rgw", R("part_mb_per_s", "rgw_part_mb_per_s"));

    results["machine"] = await Machine.DescribeAsync(work, pgBin, peerDir);
    results["machine"]!["radosgw"] = await RgwPeer.VersionAsync();
    Record("load_avg_start", load.Start);
    Record("load_avg_max", Math.Max(load.Max, LoadAverage.Read()));
    Record("load_avg_end", LoadAverage.Read());
    results["elapsed_s"] = Math.Round(clock.Elapsed.TotalSeconds, 1);
    Report.Print(results);
    PeerTable.Print(results);
    S3BackendComparison.Print(results);
    var resultsDir = Path.Combine(root, "bench", "results");
    Directory.CreateDirectory(resultsDir);
    var json = results.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    await File.WriteAllTextAsync(Path.Combine(resultsDir, "latest.json"), json);
    await File.WriteAllTextAsync(Path.Combine(resultsDir, DateTime.UtcNow.ToString("yyyy-MM-dd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + (quick ? "-quick" : "") + ".json"), json);
    Step("wrote bench/results/latest.json");
    succeeded = true;
    return 0;
}
catch (Exception ex)
{
    Console.Error.WriteLine($"benchmark failed: {ex.Message}");
    Console.Error.WriteLine($"logs are in {work}");
    return 1;
}
finally
{
    if (clusterStop is not null)
    {
        try
        {
            await clusterStop();
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine("stopping the cluster: " + ex.Message);
        }
    }

    Teardown.Kill(processes);
    await Teardown.StopRgwAsync(rgwStart, root, rgwDir, work, succeeded);

    try
    {
        await Shell.RunAsync(Path.Combine(root, "scripts", "postgres.sh"), $"stop {pgDir}");
    }
    catch (Exception ex)
    {
        Console.Error.WriteLine("stopping PostgreSQL: " + ex.Message);
    }

    if (succeeded)
    {
        Directory.Delete(work, recursive: true); // service data, peer data, logs: kept only when the run failed
    }
}

static string FindRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Orleans.Multipart.sln")))
    {
        dir = dir.Parent;
    }

    return dir?.FullName ?? throw new InvalidOperationException("Run the benchmark from inside the repository.");
}
