using System.Diagnostics;

namespace Orleans.Multipart.Bench.Harness;

public sealed record InitiateCpuResult(double PerSecond, double P50Ms, double ServerCpuMs, double? StorageCpuMs);

/// <summary>
/// Server CPU per CreateMultipartUpload: a fixed count of signed initiates of distinct keys at a
/// given concurrency (after a tenth as many unmeasured ones), the server process's CPU time
/// (<see cref="ProcessCpu"/>) before and after, divided by the count. Background work of the process
/// during the run (timers, the runtime) is counted too: it is what an initiate costs the host.
/// </summary>
public static class InitiateCpu
{
    public static async Task<InitiateCpuResult> MeasureAsync(ServerUnderTest server, string bucket, int concurrency, int count, Progress progress)
    {
        await RunAsync(server.Client, bucket, concurrency, Math.Max(concurrency, count / 10), "warm", null, progress);
        var latencies = new Latencies();
        var serverBefore = ProcessCpu.Of(server.ServerPid);
        var storageBefore = server.StoragePid is { } s ? ProcessCpu.Of(s) : TimeSpan.Zero;
        await RunAsync(server.Client, bucket, concurrency, count, "cpu", latencies, progress);
        var seconds = latencies.Seconds;
        var serverMs = (ProcessCpu.Of(server.ServerPid) - serverBefore).TotalMilliseconds / count;
        double? storageMs = server.StoragePid is { } pid ? (ProcessCpu.Of(pid) - storageBefore).TotalMilliseconds / count : null;
        return new InitiateCpuResult(count / seconds, latencies.Percentile(0.5), serverMs, storageMs);
    }

    private static async Task RunAsync(SigV4Client client, string bucket, int concurrency, int count, string phase, Latencies? latencies, Progress progress)
    {
        var next = 0;
        var done = 0;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
        {
            int number;
            while ((number = Interlocked.Increment(ref next)) <= count)
            {
                var started = Stopwatch.GetTimestamp();
                await client.InitiateAsync(bucket, $"{phase}/c{concurrency}/{worker}/{number}/{Guid.NewGuid():N}");
                latencies?.Add(Stopwatch.GetElapsedTime(started));
                progress.Tick(Interlocked.Increment(ref done));
            }
        }));
    }
}
