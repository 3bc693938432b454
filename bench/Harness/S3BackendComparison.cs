using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Orleans.Multipart.Bench.Harness;

/// <summary>
/// Issue 24's figures: the service with <c>Storage:Blobs:Provider=S3</c> on the bench's Ceph RGW, against
/// the same load generator talking to that RGW directly (UploadPart throughput, one-stream GET of a large
/// object; goal >= 0.9 of direct for both), and Complete of 10,000 parts against the service on its local
/// store (goal: as fast; no byte moves in either). Each pair runs back to back, the order flipping between
/// rounds, so both sides of a ratio see the same machine.
/// </summary>
public static class S3BackendComparison
{
    /// <summary>The RGW bucket that holds the S3-backed service's blobs.</summary>
    public const string BlobBucket = "omp-bench-blobs";

    public const int CompleteParts = 10_000;

    /// <summary>
    /// 8 MiB parts each side sends, untimed, before the UploadPart rounds of a full run (a quick run a third), and for at
    /// least <see cref="WarmUpTime"/> on each service: a fresh service's JIT thread (dynamic PGO's instrumented tier,
    /// then the optimized one) was busy for its first 192 parts at load 36-77 and for its first 30 s at load 14, however
    /// many parts those were (bench/README.md's issue-24 section, "Fresh services").
    /// </summary>
    public const int WarmUpParts = 192;

    /// <summary>The least time each service spends warming up (see <see cref="WarmUpParts"/>).</summary>
    public static readonly TimeSpan WarmUpTime = TimeSpan.FromSeconds(60);

    private const string Bucket = "bench";

    /// <summary>Creates the blob bucket on <paramref name="rgw"/> and returns the service's command-line settings for the S3 backend on it.</summary>
    public static async Task<string> PrepareBackendAsync(RgwPeer rgw)
    {
        await rgw.Client.CreateBucketAsync(BlobBucket);
        var encryptionKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        return $"--Storage:Blobs:Provider S3 --Storage:Blobs:S3:Endpoint {rgw.Endpoint} --Storage:Blobs:S3:Bucket {BlobBucket} " +
            $"--Storage:Blobs:S3:AccessKey {rgw.AccessKey} --Storage:Blobs:S3:SecretKey {rgw.SecretKey} --Storage:Blobs:S3:EncryptionKey {encryptionKey}";
    }

    /// <param name="s3Service">The service on PostgreSQL with its blobs on <paramref name="rgw"/>.</param>
    /// <param name="s3ServicePid">Its process (its CPU per GiB of parts is reported beside radosgw's).</param>
    /// <param name="localService">The service on PostgreSQL with its blobs in its local directory (the Complete reference).</param>
    /// <param name="localServicePid">Its process: its CPU per GiB of the same parts (one round) is what the S3 backend's is set against.</param>
    /// <param name="partCount">8 MiB parts per side over the UploadPart rounds (the regular run's part count).</param>
    /// <param name="postgresPid">The PostgreSQL postmaster the services use: on the front's CPUs with them in the split rounds (<see cref="CpuSplit"/>).</param>
    public static async Task RunAsync(SigV4Client s3Service, int s3ServicePid, SigV4Client localService, int localServicePid, int postgresPid, RgwPeer rgw, int partCount, bool quick, Action<string> step, JsonObject results)
    {
        void Record(string key, double value) => results[key] = Math.Round(value, 3);
        await using var load = new LoadAverage();
        var direct = rgw.Client;
        var rounds = quick ? 1 : 2;
        SigV4Client[] Order(int round) => round % 2 == 1 ? [direct, s3Service] : [s3Service, direct];

        // 1. UploadPart, 8 MiB parts, 16 in parallel: best of the rounds on each side, each round half the
        // regular run's part count (a full run's 2 x 128 parts take as long as its one run of 256).
        var roundParts = partCount / rounds;
        // A warm-up of the measured path first, untimed, on every side: the services are fresh processes, and
        // without it the first round paid for the part path's tiered compilation and PGO instrumentation (the
        // JIT thread and the slower early code competing with radosgw for 2 cores), which a running service
        // pays once in its life; RGW's first parts warm its own caches.
        var warmUpParts = quick ? WarmUpParts / 3 : WarmUpParts;
        foreach (var client in new[] { s3Service, localService, direct })
        {
            step($"S3 backend: warm-up, {client.Name}, {warmUpParts} x 8 MiB, 16 in parallel{(client == direct ? "" : $", {WarmUpTime.TotalSeconds:0} s at least")} (not counted)");
            var warming = System.Diagnostics.Stopwatch.StartNew();
            for (var sent = 0; sent < warmUpParts || (client != direct && warming.Elapsed < WarmUpTime); sent += 32)
            {
                await Scenarios.PartThroughputAsync(client, Bucket, 8 * 1024 * 1024, 16, 32, new Progress("parts", 32));
            }

            Progress.Done();
        }

        // The UploadPart rounds, the order flipping: each side's best round, and what the named processes spent on each side's parts.
        async Task<(Dictionary<SigV4Client, ThroughputResult> Best, Dictionary<(SigV4Client, string), TimeSpan> Cpu)> PartRoundsAsync(string setting, IReadOnlyDictionary<string, int[]> processes)
        {
            var best = new Dictionary<SigV4Client, ThroughputResult>();
            var cpu = new Dictionary<(SigV4Client, string), TimeSpan>();
            for (var round = 1; round <= rounds; round++)
            {
                foreach (var client in Order(round))
                {
                    step($"S3 backend: part throughput, {client.Name}{setting}, {roundParts} x 8 MiB, 16 in parallel (round {round}/{rounds})");
                    var before = processes.ToDictionary(p => p.Key, p => ProcessCpu.Of(p.Value));
                    var r = await Scenarios.PartThroughputAsync(client, Bucket, 8 * 1024 * 1024, 16, roundParts, new Progress("parts", roundParts));
                    Progress.Done();
                    foreach (var (name, pids) in processes)
                    {
                        cpu[(client, name)] = cpu.GetValueOrDefault((client, name)) + ProcessCpu.Of(pids) - before[name];
                    }

                    if (!best.TryGetValue(client, out var top) || r.MbPerSecond > top.MbPerSecond)
                    {
                        best[client] = r;
                    }
                }
            }

            return (best, cpu);
        }

        var (parts, sharedCpu) = await PartRoundsAsync("", new Dictionary<string, int[]> { ["service"] = [s3ServicePid], ["radosgw"] = [rgw.RadosgwPid] });

        Record("s3backend_part_mb_per_s", parts[s3Service].MbPerSecond);
        Record("s3backend_part_p50_ms", parts[s3Service].P50Ms);
        Record("s3backend_part_p99_ms", parts[s3Service].P99Ms);
        Record("s3backend_direct_part_mb_per_s", parts[direct].MbPerSecond);
        Record("s3backend_direct_part_p50_ms", parts[direct].P50Ms);
        Record("s3backend_direct_part_p99_ms", parts[direct].P99Ms);
        var gibPerSide = rounds * roundParts * 8.0 / 1024;
        // Where the CPU goes (what bounds a 2-core machine): the service's and radosgw's, summed over the rounds.
        Record("s3backend_part_service_cpu_s_per_gib", sharedCpu[(s3Service, "service")].TotalSeconds / gibPerSide);
        Record("s3backend_part_radosgw_cpu_s_per_gib", sharedCpu[(s3Service, "radosgw")].TotalSeconds / gibPerSide);
        Record("s3backend_direct_part_radosgw_cpu_s_per_gib", sharedCpu[(direct, "radosgw")].TotalSeconds / gibPerSide);

        // The same parts once on the service with its local store: the gateway's, the grains' and the database's
        // share of the service's CPU is the same there, so the difference is the S3 store's against the local one's.
        step($"S3 backend: part throughput, {localService.Name} (local store, CPU reference), {roundParts} x 8 MiB, 16 in parallel");
        var localBefore = ProcessCpu.Of(localServicePid);
        var local = await Scenarios.PartThroughputAsync(localService, Bucket, 8 * 1024 * 1024, 16, roundParts, new Progress("parts", roundParts));
        Progress.Done();
        Record("s3backend_local_part_mb_per_s", local.MbPerSecond);
        Record("s3backend_local_part_service_cpu_s_per_gib", (ProcessCpu.Of(localServicePid) - localBefore).TotalSeconds / (roundParts * 8.0 / 1024));

        // 1b. The same rounds with the backend on a CPU of its own and the front (this load generator, the service, its
        // PostgreSQL) on the other(s): where RGW runs on its own machines, does the service keep up with it? On shared
        // cores (above) the service's CPU per byte is taken from radosgw's, so that ratio is the CPU each path costs.
        if (CpuSplit.Impossible is { } why)
        {
            step($"S3 backend: no split of the CPUs here ({why}): the s3backend_split_* figures are left out");
            results["s3backend_split_skipped"] = why;
        }
        else
        {
            // The backend's CPU is the bound here: what radosgw and the OSD spend per GiB on each path says why.
            Dictionary<SigV4Client, ThroughputResult> split;
            Dictionary<(SigV4Client, string), TimeSpan> splitCpu;
            await using (await CpuSplit.PinAsync(rgw.DaemonPids, [Environment.ProcessId, s3ServicePid, postgresPid]))
            {
                (split, splitCpu) = await PartRoundsAsync(", the backend on CPU 0 and the rest on CPU 1+", new Dictionary<string, int[]> { ["backend"] = [rgw.RadosgwPid, rgw.OsdPid] });
            }

            Record("s3backend_split_part_mb_per_s", split[s3Service].MbPerSecond);
            Record("s3backend_split_part_p50_ms", split[s3Service].P50Ms);
            Record("s3backend_split_direct_part_mb_per_s", split[direct].MbPerSecond);
            Record("s3backend_split_direct_part_p50_ms", split[direct].P50Ms);
            Record("s3backend_split_part_backend_cpu_s_per_gib", splitCpu[(s3Service, "backend")].TotalSeconds / gibPerSide);
            Record("s3backend_split_direct_part_backend_cpu_s_per_gib", splitCpu[(direct, "backend")].TotalSeconds / gibPerSide);
        }

        // 2. One-stream GET of a large object of 64 MiB parts, stored through the service and straight on RGW.
        // RGW's bluestore reads with O_DIRECT; its block file's page cache is dropped before each read anyway.
        var getParts = quick ? 4 : 16;
        var bytes = (long)getParts * LargeGet.PartSize;
        Record("s3backend_get_object_mib", bytes / (1024 * 1024));
        step($"S3 backend: uploading {getParts} x 64 MiB through {s3Service.Name} and straight to {direct.Name}");
        var keys = new Dictionary<SigV4Client, string>
        {
            [s3Service] = await LargeGet.UploadAsync(s3Service, Bucket, getParts, new Progress("parts", getParts)),
            [direct] = await LargeGet.UploadAsync(direct, Bucket, getParts, new Progress("parts", getParts)),
        };
        Progress.Done();
        var get = new Dictionary<SigV4Client, double>();
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var client in Order(round))
            {
                step($"S3 backend: GET of {bytes / (1024 * 1024)} MiB, one stream, {client.Name} (round {round}/{rounds})");
                await LargeGet.DropCacheAsync([rgw.BlockFile]);
                get[client] = Math.Max(get.GetValueOrDefault(client), await LargeGet.GetMbPerSecondAsync(client, Bucket, keys[client], bytes));
            }
        }

        Record("s3backend_get_mb_per_s", get[s3Service]);
        Record("s3backend_direct_get_mb_per_s", get[direct]);

        // 3. Complete of 10,000 one-byte parts: the S3-backed service, then the local one (a manifest either way).
        foreach (var (key, client) in new[] { ("s3backend_complete_10000_ms", s3Service), ("s3backend_local_complete_10000_ms", localService) })
        {
            step($"S3 backend: Complete of {CompleteParts:N0} one-byte parts, {client.Name}");
            Record(key, await Scenarios.CompleteTimeAsync(client, Bucket, CompleteParts, new Progress("parts uploaded", CompleteParts)));
            Progress.Done();
        }

        double R(string a, string b) => (double)results[a]! / (double)results[b]!;
        Record("s3backend_part_ratio_vs_direct", R("s3backend_part_mb_per_s", "s3backend_direct_part_mb_per_s"));
        if (results.ContainsKey("s3backend_split_part_mb_per_s"))
        {
            Record("s3backend_split_part_ratio_vs_direct", R("s3backend_split_part_mb_per_s", "s3backend_split_direct_part_mb_per_s"));
        }

        Record("s3backend_get_ratio_vs_direct", R("s3backend_get_mb_per_s", "s3backend_direct_get_mb_per_s"));
        Record("s3backend_complete_ratio_vs_local", R("s3backend_complete_10000_ms", "s3backend_local_complete_10000_ms"));
        Record("s3backend_load_avg_start", load.Start);
        Record("s3backend_load_avg_max", Math.Max(load.Max, LoadAverage.Read()));
    }

    /// <summary>The table of these figures (printed after the others).</summary>
    public static void Print(JsonObject results)
    {
        string V(string key) => results[key] is JsonValue v ? v.GetValue<double>().ToString(v.GetValue<double>() >= 100 ? "0" : "0.###", CultureInfo.InvariantCulture) : "";
        var mib = V("s3backend_get_object_mib");
        Console.WriteLine();
        Console.WriteLine("S3 blob backend on Ceph RGW (issue 24): the service with Storage:Blobs:Provider=S3 / the same client straight to RGW");
        Console.WriteLine($"{"figure",-46} {"via service",12} {"reference",12} {"ratio",-34} {"value",7} {"goal",7}");
        Console.WriteLine($"{"UploadPart 16 x 8 MiB in parallel, MB/s",-46} {V("s3backend_part_mb_per_s"),12} {V("s3backend_direct_part_mb_per_s"),12} {"s3backend_part_ratio_vs_direct",-34} {V("s3backend_part_ratio_vs_direct"),7} {">= 0.9",7}");
        Console.WriteLine($"{"  the same, backend on CPU 0, the rest on CPU 1+",-46} {V("s3backend_split_part_mb_per_s"),12} {V("s3backend_split_direct_part_mb_per_s"),12} {"s3backend_split_part_ratio_vs_direct",-34} {V("s3backend_split_part_ratio_vs_direct"),7} {">= 0.9",7}");
        Console.WriteLine($"{$"GET of {mib} MiB, one stream, MB/s",-46} {V("s3backend_get_mb_per_s"),12} {V("s3backend_direct_get_mb_per_s"),12} {"s3backend_get_ratio_vs_direct",-34} {V("s3backend_get_ratio_vs_direct"),7} {">= 0.9",7}");
        Console.WriteLine($"{"Complete of 10,000 parts, ms (ref: local store)",-46} {V("s3backend_complete_10000_ms"),12} {V("s3backend_local_complete_10000_ms"),12} {"s3backend_complete_ratio_vs_local",-34} {V("s3backend_complete_ratio_vs_local"),7} {"<= 1",7}");
        Console.WriteLine($"CPU seconds per GiB of 8 MiB parts: the service {V("s3backend_part_service_cpu_s_per_gib")} and radosgw {V("s3backend_part_radosgw_cpu_s_per_gib")} through the service; radosgw {V("s3backend_direct_part_radosgw_cpu_s_per_gib")} direct; the service on its local store {V("s3backend_local_part_service_cpu_s_per_gib")} ({V("s3backend_local_part_mb_per_s")} MB/s)");
        Console.WriteLine($"the backend on its own CPU: radosgw + OSD CPU seconds per GiB {V("s3backend_split_part_backend_cpu_s_per_gib")} through the service, {V("s3backend_split_direct_part_backend_cpu_s_per_gib")} direct");
        Console.WriteLine($"load average during these steps: {V("s3backend_load_avg_start")} at the start, {V("s3backend_load_avg_max")} at most");
    }
}
