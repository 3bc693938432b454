using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.TestingHost;

namespace Orleans.Multipart.Bench.Harness;

[Alias("omp.bench.ping")]
public interface IPingGrain : IGrainWithStringKey
{
    [Alias("ping")]
    Task<int> Ping(int value);

    [Alias("silo")]
    Task<SiloAddress> Silo();
}

[GrainType("bench-ping")]
public sealed class PingGrain(ILocalSiloDetails silo) : Grain, IPingGrain
{
    private int _calls;

    public Task<int> Ping(int value) => Task.FromResult(value + _calls++);

    public Task<SiloAddress> Silo() => Task.FromResult(silo.SiloAddress);
}

/// <summary>
/// Orleans alone: grain calls per second in one silo (the path the co-hosted gateway takes), between
/// two silos in one process (TestingHost, every call crossing the silo-to-silo connection), and
/// memory per idle activation.
/// </summary>
public static class RuntimeBench
{
    private static async Task<IHost> StartSiloAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo => silo.UseLocalhostClustering(FreePort(), FreePort()));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>Calls through grain references from 64 concurrent callers over 1,000 grains in one silo.</summary>
    public static async Task<RateResult> CallRateAsync(TimeSpan duration)
    {
        using var host = await StartSiloAsync();
        var factory = host.Services.GetRequiredService<IGrainFactory>();
        var grains = Enumerable.Range(0, 1000).Select(i => factory.GetGrain<IPingGrain>("g" + i)).ToArray();
        try
        {
            return await MeasureAsync(grains, duration);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    /// <summary>The same load from silo 1 to 1,000 grains that live on silo 2.</summary>
    public static async Task<RateResult> CrossSiloCallRateAsync(TimeSpan duration)
    {
        var builder = new InProcessTestClusterBuilder(2);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSiloHost((_, host) => host.Logging.SetMinimumLevel(LogLevel.Warning));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        try
        {
            // Placement prefers the caller's silo: activate each grain from silo 2, then call it from silo 1.
            var caller = cluster.Silos[0].ServiceProvider.GetRequiredService<IGrainFactory>();
            var owner = cluster.Silos[1].ServiceProvider.GetRequiredService<IGrainFactory>();
            var callee = cluster.Silos[1].SiloAddress;
            var remote = new List<IPingGrain>();
            for (var i = 0; remote.Count < 1000; i++)
            {
                if ((await owner.GetGrain<IPingGrain>("x" + i).Silo()).Equals(callee))
                {
                    remote.Add(caller.GetGrain<IPingGrain>("x" + i));
                }
            }

            return await MeasureAsync(remote.ToArray(), duration);
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }

    internal static Task<RateResult> MeasureAsync(IPingGrain[] grains, TimeSpan duration) => MeasureAsync([.. grains.Select(g => (Func<int, Task<int>>)g.Ping)], duration);

    internal static async Task<RateResult> MeasureAsync(Func<int, Task<int>>[] grains, TimeSpan duration)
    {
        foreach (var ping in grains)
        {
            await ping(0);
        }

        var latencies = new Latencies();
        long calls = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 64).Select(worker => Task.Run(async () =>
        {
            var i = worker;
            while (clock.Elapsed < duration)
            {
                // Time one call in 64: timing every call would cost more than the call.
                if ((i & 63) == 0)
                {
                    var started = Stopwatch.GetTimestamp();
                    await grains[i % grains.Length](i);
                    latencies.Add(Stopwatch.GetElapsedTime(started));
                }
                else
                {
                    await grains[i % grains.Length](i);
                }

                i++;
                Interlocked.Increment(ref calls);
            }
        })));
        return new RateResult(calls / clock.Elapsed.TotalSeconds, latencies.Percentile(0.5), latencies.Percentile(0.99), (int)Math.Min(calls, int.MaxValue), latencies.ClientCpuShare);
    }

    /// <summary>Managed heap growth per activation over <paramref name="count"/> idle activations (Orleans' activation, directory entry and grain instance).</summary>
    public static async Task<double> ActivationBytesAsync(int count, Progress progress)
    {
        using var host = await StartSiloAsync();
        var factory = host.Services.GetRequiredService<IGrainFactory>();
        await factory.GetGrain<IPingGrain>("warm").Ping(0);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        for (var i = 0; i < count; i++)
        {
            await factory.GetGrain<IPingGrain>("a" + i).Ping(i);
            if (i % 5000 == 0)
            {
                progress.Tick(i);
            }
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(host);
        await host.StopAsync();
        return (after - before) / (double)count;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
