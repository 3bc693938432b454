using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Multipart.Runtime;
using Orleans.Multipart.Runtime.Hosting;
using Orleans.Multipart.Runtime.Reminders;

namespace Orleans.Multipart.Bench.Harness;

[GrainType("bench-ping")]
public interface IPingGrain : IGrainWithStringKey
{
    Task<int> Ping(int value);
}

public sealed class PingGrain : Grain, IPingGrain
{
    private int _calls;

    public Task<int> Ping(int value) => Task.FromResult(value + _calls++);
}

/// <summary>The runtime alone: in-process grain calls per second, and memory per idle activation.</summary>
public static class RuntimeBench
{
    private static ServiceProvider Build() => new ServiceCollection()
        .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning))
        .AddSingleton<IReminderTable, InMemoryReminderTable>()
        .AddGrainRuntime()
        .AddGrain<IPingGrain, PingGrain>()
        .BuildServiceProvider();

    /// <summary>Calls through grain references from 64 concurrent callers over 1,000 grains.</summary>
    public static async Task<RateResult> CallRateAsync(TimeSpan duration)
    {
        await using var services = Build();
        var factory = services.GetRequiredService<IGrainFactory>();
        var grains = Enumerable.Range(0, 1000).Select(i => factory.GetGrain<IPingGrain>("g" + i)).ToArray();
        foreach (var g in grains)
        {
            await g.Ping(0);
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
                    await grains[i % grains.Length].Ping(i);
                    latencies.Add(Stopwatch.GetElapsedTime(started));
                }
                else
                {
                    await grains[i % grains.Length].Ping(i);
                }

                i++;
                Interlocked.Increment(ref calls);
            }
        })));
        return new RateResult(calls / clock.Elapsed.TotalSeconds, latencies.Percentile(0.5), latencies.Percentile(0.99), (int)Math.Min(calls, int.MaxValue), latencies.ClientCpuShare);
    }

    /// <summary>Managed heap growth per activation over <paramref name="count"/> idle activations.</summary>
    public static async Task<double> ActivationBytesAsync(int count, Progress progress)
    {
        await using var services = Build();
        var factory = services.GetRequiredService<IGrainFactory>();
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
        GC.KeepAlive(services);
        return (after - before) / (double)count;
    }
}
