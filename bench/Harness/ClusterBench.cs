using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Configuration;
using Orleans.Placement;

namespace Orleans.Multipart.Bench.Harness;

/// <summary>A ping grain placed at random, so that about half of a silo's grains live in the other silo process.</summary>
[Alias("omp.bench.ping-anywhere")]
public interface IAnywherePingGrain : IGrainWithStringKey
{
    [Alias("ping")]
    Task<int> Ping(int value);

    [Alias("silo")]
    Task<SiloAddress> Silo();
}

[GrainType("bench-ping-anywhere")]
[RandomPlacement]
public sealed class AnywherePingGrain(ILocalSiloDetails silo) : Grain, IAnywherePingGrain
{
    private int _calls;

    public Task<int> Ping(int value) => Task.FromResult(value + _calls++);

    public Task<SiloAddress> Silo() => Task.FromResult(silo.SiloAddress);
}

/// <summary>
/// The cluster figures: scripts/cluster.sh's 3 co-hosted silos and a standalone gateway on their own
/// database, and grain calls between two silo processes (this process and a child started with
/// <c>--ping-silo</c>) on the same PostgreSQL membership table.
/// </summary>
public static class ClusterBench
{
    public const string PingClusterId = "bench-ping";

    /// <summary>The cluster's database, created beside the single-silo service's so that the two share nothing.</summary>
    public static async Task<string> CreateDatabaseAsync(string connection, string name)
    {
        await using (var admin = new NpgsqlConnection(connection))
        {
            await admin.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(connection) { Database = name }.ConnectionString;
    }

    /// <summary>Runs scripts/cluster.sh with the bench's credentials; ports from <paramref name="portBase"/>.</summary>
    public static async Task<string> RunAsync(string root, string dir, int portBase, string connection, string ak, string sk, string arguments)
    {
        var start = new ProcessStartInfo("bash", $"{Path.Combine(root, "scripts", "cluster.sh")} {arguments}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = root,
        };
        start.Environment["OMP_CLUSTER_DIR"] = dir;
        start.Environment["OMP_CLUSTER_PORT_BASE"] = portBase.ToString(CultureInfo.InvariantCulture);
        start.Environment["OMP_CLUSTER_POSTGRES"] = connection;
        start.Environment["OMP_CLUSTER_BUILD"] = "Release";
        start.Environment["Auth__RootAccessKey"] = ak;
        start.Environment["Auth__RootSecretKey"] = sk;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Shutdown__DrainDelay"] = "00:00:00";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var output = await stdout + await stderr;
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"cluster.sh {arguments} exited {process.ExitCode}:\n{output}");
    }

    /// <summary>Initiates from <paramref name="concurrency"/> connections spread over <paramref name="targets"/>, all at once: the summed rate and the worst p50/p99.</summary>
    public static async Task<RateResult> InitiateRateAsync(IReadOnlyList<SigV4Client> targets, int concurrency, TimeSpan duration, Progress progress)
    {
        var results = await Task.WhenAll(targets.Select(t => Scenarios.InitiateRateAsync(t, "bench", concurrency / targets.Count, duration, progress)));
        return new RateResult(results.Sum(r => r.PerSecond), results.Max(r => r.P50Ms), results.Max(r => r.P99Ms), results.Sum(r => r.Requests), results.Average(r => r.ClientCpuShare));
    }

    /// <summary>Parts into one upload per target, <paramref name="parallel"/> in all, at once: the summed throughput.</summary>
    public static async Task<ThroughputResult> PartThroughputAsync(IReadOnlyList<SigV4Client> targets, int parallel, int parts, Progress progress)
    {
        var results = await Task.WhenAll(targets.Select(t => Scenarios.PartThroughputAsync(t, "bench", 8 * 1024 * 1024, parallel / targets.Count, parts / targets.Count, progress)));
        return new ThroughputResult(results.Sum(r => r.MbPerSecond), results.Max(r => r.P50Ms), results.Max(r => r.P99Ms), results.Sum(r => r.Parts), results.Average(r => r.ClientCpuShare));
    }

    /// <summary>A silo of the ping cluster (ADO.NET membership on <paramref name="connection"/>): this process's, or the child's.</summary>
    public static async Task<IHost> StartPingSiloAsync(string connection)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders(); // stdout carries the table
        builder.UseOrleans(silo => silo
            .Configure<ClusterOptions>(o =>
            {
                o.ClusterId = PingClusterId;
                o.ServiceId = PingClusterId;
            })
            .ConfigureEndpoints(System.Net.IPAddress.Loopback, Shell.FreePort(), Shell.FreePort())
            .UseAdoNetClustering(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = connection;
            }));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>64 callers in this silo process calling 1,000 grains that live in the child silo process.</summary>
    public static async Task<RateResult> CrossProcessCallRateAsync(IHost local, int otherSilos, TimeSpan duration)
    {
        var membership = local.Services.GetRequiredService<IClusterMembershipService>();
        var clock = Stopwatch.StartNew();
        while (membership.CurrentSnapshot.Members.Values.Count(m => m.Status == SiloStatus.Active) < otherSilos + 1)
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException("the child ping silo did not join within 60 s");
            }

            await Task.Delay(200);
        }

        var factory = local.Services.GetRequiredService<IGrainFactory>();
        var self = local.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
        var remote = new List<Func<int, Task<int>>>();
        for (var i = 0; remote.Count < 1000; i++)
        {
            var grain = factory.GetGrain<IAnywherePingGrain>("r" + i);
            if (!(await grain.Silo()).Equals(self))
            {
                remote.Add(grain.Ping);
            }
        }

        return await RuntimeBench.MeasureAsync([.. remote], duration);
    }
}
