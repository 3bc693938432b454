using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orleans.Multipart.Bench.Harness;

/// <summary>
/// <c>bench/run.sh --s3-backend [--quick] [--integrity Sha256|ContentMd5]</c>: issue 24's figures (<see cref="S3BackendComparison"/>) alone,
/// without the rest of the regular run: a throwaway PostgreSQL, Ceph RGW (scripts/rgw.sh), the service on
/// its local store and the service with its blobs on the RGW, each on its own database. Writes
/// bench/results/s3backend-latest.json and a dated copy. <c>--integrity</c> runs the S3-backed service with that
/// <c>Storage:Blobs:S3:Integrity</c> (else its default; recorded as <c>s3backend_integrity</c>, "default" when not given).
/// </summary>
public static class S3BackendBench
{
    public static async Task<int> RunAsync(string root, bool quick, string? integrity)
    {
        var clock = Stopwatch.StartNew();
        void Step(string text) => Console.Error.WriteLine($"[{clock.Elapsed:mm\\:ss}] {text}");
        var work = Directory.CreateTempSubdirectory("omp-s3backend-").FullName;
        var pgDir = Path.Combine(Path.GetTempPath(), "omp-s3backend-pg-" + Guid.NewGuid().ToString("N")[..8]);
        var rgwDir = Path.Combine(work, "rgw");
        Task<RgwPeer>? rgwStart = null;
        var pgStarted = false;
        var processes = new List<Process>();
        var succeeded = false;
        await using var load = new LoadAverage();
        var results = new JsonObject { ["mode"] = quick ? "s3backend-quick" : "s3backend", ["date"] = DateTimeOffset.UtcNow.ToString("o"), ["s3backend_integrity"] = integrity ?? "default" };
        try
        {
            Step("building the service (Release)");
            await Shell.RunAsync("dotnet", "build Silo/Silo.csproj -c Release -nologo -v quiet", root);
            var siloDll = Path.Combine(root, "Silo", "bin", "Release", "net10.0", "Orleans.Multipart.Silo.dll");

            Step($"starting Ceph RGW (scripts/rgw.sh start {rgwDir}) and PostgreSQL (scripts/postgres.sh)");
            rgwStart = RgwPeer.StartAsync(root, rgwDir);
            await Shell.RunAsync(Path.Combine(root, "scripts", "postgres.sh"), $"start {pgDir}");
            pgStarted = true;
            var connection = (await File.ReadAllTextAsync(Path.Combine(pgDir, "connection-string"))).Trim();

            async Task<StartedService> StartService(string name, string blobArgs)
            {
                var database = await ClusterBench.CreateDatabaseAsync(connection, name.Replace('-', '_'));
                var started = await ServiceProcess.StartAsync(siloDll, name, work,
                    $"--Storage:Provider Postgres --ConnectionStrings:Postgres \"{database};Maximum Pool Size=200\" {blobArgs}");
                processes.Add(started.Process);
                await started.Client.CreateBucketAsync("bench");
                return started;
            }

            Step("starting the service on PostgreSQL with its local blob store");
            var local = await StartService("service-local", "");
            var rgw = await rgwStart;
            Step($"Ceph RGW up ({rgw.StartTime.TotalSeconds:0} s); starting the service with Storage:Blobs:Provider=S3 on it");
            results["rgw_start_s"] = Math.Round(rgw.StartTime.TotalSeconds, 1);
            await rgw.Client.CreateBucketAsync("bench");
            var s3 = await StartService("service-s3backend", await S3BackendComparison.PrepareBackendAsync(rgw) + (integrity is null ? "" : $" --Storage:Blobs:S3:Integrity {integrity}"));

            await S3BackendComparison.RunAsync(s3.Client, s3.Process.Id, local.Client, local.Process.Id, CpuSplit.PostmasterOf(pgDir), rgw, quick ? 32 : 256, quick, Step, results);

            results["radosgw"] = await RgwPeer.VersionAsync();
            results["load_avg_start"] = load.Start;
            results["load_avg_max"] = Math.Max(load.Max, LoadAverage.Read());
            results["load_avg_end"] = LoadAverage.Read();
            results["elapsed_s"] = Math.Round(clock.Elapsed.TotalSeconds, 1);
            S3BackendComparison.Print(results);
            var resultsDir = Path.Combine(root, "bench", "results");
            Directory.CreateDirectory(resultsDir);
            var json = results.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
            await File.WriteAllTextAsync(Path.Combine(resultsDir, "s3backend-latest.json"), json);
            await File.WriteAllTextAsync(Path.Combine(resultsDir, "s3backend-" + DateTime.UtcNow.ToString("yyyy-MM-dd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + (quick ? "-quick" : "") + (integrity is null ? "" : "-" + integrity.ToLowerInvariant()) + ".json"), json);
            Step("wrote bench/results/s3backend-latest.json");
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
            Teardown.Kill(processes);
            await Teardown.StopRgwAsync(rgwStart, root, rgwDir, work, succeeded);

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
                Directory.Delete(work, recursive: true);
            }
        }
    }
}
