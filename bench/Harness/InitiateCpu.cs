using System.Diagnostics;

namespace Orleans.Multipart.Bench.Harness;

public sealed record InitiateCpuResult(double PerSecond, double P50Ms, double ServerCpuMs, double? StorageCpuMs, double IdleCpuMsPerSecond);

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
        // What the process burns with no request at all (timers, the runtime), to read the
        // per-initiate figure against: at 1 concurrent a run lasts long enough for it to show.
        var idleBefore = ProcessCpu.Of(server.ServerPid);
        var idleClock = Stopwatch.StartNew();
        await Task.Delay(IdleWindow);
        var idleMsPerSecond = (ProcessCpu.Of(server.ServerPid) - idleBefore).TotalMilliseconds / idleClock.Elapsed.TotalSeconds;
        await RunAsync(server.Client, bucket, concurrency, Math.Max(concurrency, count / 10), "warm", null, progress);
        var latencies = new Latencies();
        var serverBefore = ProcessCpu.Of(server.ServerPid);
        var storageBefore = server.StoragePid is { } s ? ProcessCpu.Of(s) : TimeSpan.Zero;
        await RunAsync(server.Client, bucket, concurrency, count, "cpu", latencies, progress);
        var seconds = latencies.Seconds;
        var serverMs = (ProcessCpu.Of(server.ServerPid) - serverBefore).TotalMilliseconds / count;
        double? storageMs = server.StoragePid is { } pid ? (ProcessCpu.Of(pid) - storageBefore).TotalMilliseconds / count : null;
        return new InitiateCpuResult(count / seconds, latencies.Percentile(0.5), serverMs, storageMs, idleMsPerSecond);
    }

    private static readonly TimeSpan IdleWindow = TimeSpan.FromSeconds(2);

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
