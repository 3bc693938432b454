using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orleans.Multipart.Bench.Harness;

/// <summary>One side of a before/after comparison: the revision asked for, its commit and its built silo.</summary>
public sealed record CompareBuild(string Side, string Revision, string Commit, string SiloDll);

/// <summary>
/// <c>bench/compare.sh BEFORE AFTER [--rounds N] [--quick]</c>: the figures a refactor must not slow
/// (issue 21: "the bench's initiate and part ratios stay within 5% of before"), measured on builds of two
/// revisions side by side. This harness (the checkout running it) drives both services, each a process
/// started from its own revision's build, on its own database of one throwaway PostgreSQL; both run for
/// the whole comparison. Each round measures every figure on both, one right after the other, and the
/// order flips every round (A B, then B A), so a machine that drifts (shared cores, other builds)
/// weighs on both sides alike. The verdict is the ratio of the medians over the rounds, after/before.
/// </summary>
public static class CompareBench
{
    private const string Bucket = "bench";

    /// <summary>The measured figures, whether higher is better, and the goal on after/before.</summary>
    private static readonly (string Key, string What, bool HigherIsBetter, double? Goal)[] Figures =
    [
        ("initiate_per_s", "CreateMultipartUpload/s, 64 connections", true, 0.95),
        ("part_mb_per_s", "UploadPart MB/s, 8 MiB parts, 16 in parallel", true, 0.95),
        ("cpu_ms_per_initiate_c1", "service CPU ms per initiate, 1 concurrent", false, null),
        ("cpu_ms_per_initiate_c32", "service CPU ms per initiate, 32 concurrent", false, null),
    ];

    public static async Task<int> RunAsync(string root, CompareBuild before, CompareBuild after, int rounds, bool quick)
    {
        // Per round and side: 15 s of initiates, 768 MiB of parts, 300 + 1,500 counted initiates (about 70 s
        // for the pair on 2 cores at load 5-40); six rounds keep each side first in half of them.
        var initiateDuration = TimeSpan.FromSeconds(quick ? 5 : 15);
        var partCount = quick ? 32 : 96;
        var (c1Count, c32Count) = quick ? (100, 500) : (300, 1500);
        var clock = Stopwatch.StartNew();
        void Step(string text) => Console.Error.WriteLine($"[{clock.Elapsed:mm\\:ss}] {text} (load {LoadAverage.Read():0.0})");
        var work = Directory.CreateTempSubdirectory("omp-compare-").FullName;
        var pgDir = Path.Combine(Path.GetTempPath(), "omp-compare-pg-" + Guid.NewGuid().ToString("N")[..8]);
        var pgStarted = false;
        var processes = new List<Process>();
        var succeeded = false;
        await using var load = new LoadAverage();
        try
        {
            Step($"starting PostgreSQL (scripts/postgres.sh start {pgDir})");
            await Shell.RunAsync(Path.Combine(root, "scripts", "postgres.sh"), $"start {pgDir}");
            pgStarted = true;
            var connection = (await File.ReadAllTextAsync(Path.Combine(pgDir, "connection-string"))).Trim();

            var services = new Dictionary<string, ServerUnderTest>();
            var principals = new Dictionary<string, string>();
            foreach (var build in new[] { before, after })
            {
                Step($"starting the {build.Side} service ({build.Revision}, {build.Commit[..Math.Min(10, build.Commit.Length)]}) on PostgreSQL");
                var database = await ClusterBench.CreateDatabaseAsync(connection, "compare_" + build.Side);
                var started = await ServiceProcess.StartAsync(build.SiloDll, "service-" + build.Side, work,
                    $"--Storage:Provider Postgres --ConnectionStrings:Postgres \"{database};Maximum Pool Size=200\"");
                processes.Add(started.Process);
                await started.Client.CreateBucketAsync(Bucket);
                services[build.Side] = new ServerUnderTest(build.Side + "_", started.Client, started.Process.Id, null);
                principals[build.Side] = started.Principal;
                Step($"the {build.Side} service's requests are signed as {started.Principal}");
            }

            // JIT (tiered compilation lags on a loaded machine), connection pools and the first activations:
            // neither side's first round pays for them. A 3 s warm-up left round 1 at a third of round 2's rate.
            var warmUp = TimeSpan.FromSeconds(quick ? 3 : 10);
            foreach (var build in new[] { before, after })
            {
                Step($"warming up the {build.Side} service (initiates for {warmUp.TotalSeconds:0} s, 32 parts)");
                await Scenarios.InitiateRateAsync(services[build.Side].Client, Bucket, 64, warmUp, new Progress("initiates"), "warm");
                await Scenarios.PartThroughputAsync(services[build.Side].Client, Bucket, 8 * 1024 * 1024, 16, 32, new Progress("parts", 32));
                Progress.Done();
            }

            var measured = new JsonArray();
            var values = Figures.ToDictionary(f => f.Key, _ => (Before: new List<double>(), After: new List<double>()));
            for (var round = 1; round <= rounds; round++)
            {
                var order = round % 2 == 1 ? new[] { before, after } : [after, before];
                var perSide = new Dictionary<string, JsonObject> { [before.Side] = [], [after.Side] = [] };
                void Keep(CompareBuild build, string key, double value)
                {
                    perSide[build.Side][key] = Math.Round(value, 3);
                    if (values.TryGetValue(key, out var lists))
                    {
                        (build == before ? lists.Before : lists.After).Add(value);
                    }
                }

                foreach (var build in order)
                {
                    Step($"round {round}/{rounds}: initiate rate, {build.Side}, 64 connections, {initiateDuration.TotalSeconds:0} s");
                    var r = await Scenarios.InitiateRateAsync(services[build.Side].Client, Bucket, 64, initiateDuration, new Progress("initiates"), $"init/r{round}");
                    Progress.Done();
                    Keep(build, "initiate_per_s", r.PerSecond);
                    Keep(build, "initiate_p50_ms", r.P50Ms);
                    Keep(build, "initiate_p99_ms", r.P99Ms);
                    Keep(build, "initiate_load_avg", LoadAverage.Read());
                }

                foreach (var build in order)
                {
                    Step($"round {round}/{rounds}: part throughput, {build.Side}, {partCount} x 8 MiB, 16 in parallel");
                    var p = await Scenarios.PartThroughputAsync(services[build.Side].Client, Bucket, 8 * 1024 * 1024, 16, partCount, new Progress("parts", partCount));
                    Progress.Done();
                    Keep(build, "part_mb_per_s", p.MbPerSecond);
                    Keep(build, "part_p50_ms", p.P50Ms);
                    Keep(build, "part_p99_ms", p.P99Ms);
                    Keep(build, "part_load_avg", LoadAverage.Read());
                }

                foreach (var (concurrency, count) in new[] { (1, c1Count), (32, c32Count) })
                {
                    foreach (var build in order)
                    {
                        Step($"round {round}/{rounds}: CPU per initiate, {build.Side}, {count} initiates, {concurrency} concurrent");
                        var c = await InitiateCpu.MeasureAsync(services[build.Side], Bucket, concurrency, count, new Progress("initiates"));
                        Progress.Done();
                        Keep(build, $"cpu_ms_per_initiate_c{concurrency}", c.ServerCpuMs);
                        Keep(build, $"initiate_c{concurrency}_per_s", c.PerSecond);
                        Keep(build, $"idle_cpu_ms_per_s_c{concurrency}", c.IdleCpuMsPerSecond);
                        Keep(build, $"cpu_c{concurrency}_load_avg", LoadAverage.Read());
                    }
                }

                measured.Add(new JsonObject
                {
                    ["round"] = round,
                    ["order"] = string.Join(",", order.Select(b => b.Side)),
                    [before.Side] = perSide[before.Side],
                    [after.Side] = perSide[after.Side],
                });
            }

            var summary = new JsonObject();
            foreach (var (key, what, higherIsBetter, goal) in Figures)
            {
                var (b, a) = values[key];
                var ratio = Median(a) / Median(b);
                summary[key] = new JsonObject
                {
                    ["what"] = what,
                    ["before_median"] = Math.Round(Median(b), 3),
                    ["after_median"] = Math.Round(Median(a), 3),
                    ["ratio_after_vs_before"] = Math.Round(ratio, 3),
                    ["round_ratios"] = new JsonArray(a.Zip(b, (x, y) => (JsonNode)Math.Round(x / y, 3)).ToArray()),
                    ["higher_is_better"] = higherIsBetter,
                    ["goal"] = goal is { } g ? $">= {g.ToString(CultureInfo.InvariantCulture)}" : null,
                    ["met"] = goal is { } h ? ratio >= h : null,
                };
            }

            var results = new JsonObject
            {
                ["mode"] = quick ? "compare-quick" : "compare",
                ["date"] = DateTimeOffset.UtcNow.ToString("o"),
                ["harness_commit"] = await GitHeadAsync(root),
                ["before"] = Describe(before, principals[before.Side]),
                ["after"] = Describe(after, principals[after.Side]),
                ["rounds"] = rounds,
                ["initiate_seconds"] = initiateDuration.TotalSeconds,
                ["part_count"] = partCount,
                ["cpu_initiates_c1"] = c1Count,
                ["cpu_initiates_c32"] = c32Count,
                ["initiate_ratio_after_vs_before"] = summary["initiate_per_s"]!["ratio_after_vs_before"]!.DeepClone(),
                ["part_ratio_after_vs_before"] = summary["part_mb_per_s"]!["ratio_after_vs_before"]!.DeepClone(),
                ["cpu_c1_ratio_after_vs_before"] = summary["cpu_ms_per_initiate_c1"]!["ratio_after_vs_before"]!.DeepClone(),
                ["cpu_c32_ratio_after_vs_before"] = summary["cpu_ms_per_initiate_c32"]!["ratio_after_vs_before"]!.DeepClone(),
                ["summary"] = summary,
                ["measured"] = measured,
                ["load_avg_start"] = load.Start,
                ["load_avg_max"] = Math.Max(load.Max, LoadAverage.Read()),
                ["load_avg_end"] = LoadAverage.Read(),
                ["elapsed_s"] = Math.Round(clock.Elapsed.TotalSeconds, 1),
            };
            Print(results, before, after);
            var resultsDir = Path.Combine(root, "bench", "results");
            Directory.CreateDirectory(resultsDir);
            var json = results.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
            await File.WriteAllTextAsync(Path.Combine(resultsDir, "compare-latest.json"), json);
            await File.WriteAllTextAsync(Path.Combine(resultsDir, "compare-" + DateTime.UtcNow.ToString("yyyy-MM-dd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + (quick ? "-quick" : "") + ".json"), json);
            Step("wrote bench/results/compare-latest.json");
            succeeded = true;
            return 0;
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine($"comparison failed: {ex.Message}");
            Console.Error.WriteLine($"logs are in {work}");
            return 1;
        }
        finally
        {
            Teardown.Kill(processes);

            if (pgStarted)
            {
                try
                {
                    await Shell.RunAsync(Path.Combine(root, "scripts", "postgres.sh"), $"stop {pgDir}");
                }
                catch (Exception ex)
                {
                    Console.Error.WriteLine("stopping PostgreSQL: " + ex.Message);
                }
            }

            if (succeeded)
            {
                Directory.Delete(work, recursive: true); // the services' data and logs: kept only when the run failed
            }
        }
    }

    /// <summary>The per-round values of each figure on both sides, then the medians and their ratio against the goal.</summary>
    private static void Print(JsonObject results, CompareBuild before, CompareBuild after)
    {
        static string F(double v) => v.ToString(v >= 100 ? "0" : "0.###", CultureInfo.InvariantCulture);
        var measured = results["measured"]!.AsArray();
        Console.WriteLine();
        Console.WriteLine($"before: {before.Revision} ({before.Commit})");
        Console.WriteLine($"after:  {after.Revision} ({after.Commit})");
        Console.WriteLine($"{"figure",-26} {"round",-7} {"before",10} {"load",6} {"after",10} {"load",6} {"after/before",13} {"goal",8}");
        foreach (var (key, _, _, _) in Figures)
        {
            var loadKey = key.StartsWith("cpu_", StringComparison.Ordinal) ? key.Replace("cpu_ms_per_initiate_", "cpu_", StringComparison.Ordinal) + "_load_avg" : key.Split('_')[0] + "_load_avg";
            foreach (var round in measured)
            {
                var b = round![before.Side]!;
                var a = round[after.Side]!;
                var (bv, av) = (b[key]!.GetValue<double>(), a[key]!.GetValue<double>());
                Console.WriteLine($"{key,-26} {round["round"]!.GetValue<int>(),-7} {F(bv),10} {F(b[loadKey]!.GetValue<double>()),6} {F(av),10} {F(a[loadKey]!.GetValue<double>()),6} {F(av / bv),13}");
            }

            var s = results["summary"]![key]!;
            var met = s["met"] is JsonValue m ? (m.GetValue<bool>() ? " met" : " NOT MET") : "";
            Console.WriteLine($"{key,-26} {"median",-7} {F(s["before_median"]!.GetValue<double>()),10} {"",6} {F(s["after_median"]!.GetValue<double>()),10} {"",6} {F(s["ratio_after_vs_before"]!.GetValue<double>()),13} {s["goal"]?.GetValue<string>() ?? "",8}{met}");
        }

        Console.WriteLine();
        Console.WriteLine($"load average: {results["load_avg_start"]} at the start, {results["load_avg_max"]} at most, {results["load_avg_end"]} at the end ({Environment.ProcessorCount} cores); {results["elapsed_s"]} s");
    }

    private static JsonObject Describe(CompareBuild build, string principal) => new()
    {
        ["revision"] = build.Revision,
        ["commit"] = build.Commit,
        ["silo"] = build.SiloDll,
        ["principal"] = principal,
    };

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static async Task<string> GitHeadAsync(string root)
    {
        try
        {
            return (await Shell.RunAsync("git", $"-C {root} rev-parse HEAD")).Trim();
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }
}
