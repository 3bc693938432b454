using System.Diagnostics;

namespace Orleans.Multipart.Bench.Harness;

/// <summary>What <see cref="SmallPartsLoad.RunAsync"/> measured: parts/s and per-part latency percentiles.</summary>
public sealed record SmallPartsLoadResult(int Parts, int Concurrency, double PerSecond, double P50Ms, double P90Ms, double P99Ms, double ClientCpuShare);

/// <summary>
/// The small-part floor (issue 20): many 4 KiB UploadParts into ONE upload, a fixed number in flight.
/// Every part of the run goes to the same upload, so whatever one upload serialises (its grain, a row
/// lock, a store's writer) bounds the rate. The upload is aborted afterwards.
/// </summary>
public static class SmallPartsLoad
{
    public static async Task<SmallPartsLoadResult> RunAsync(SigV4Client client, string bucket, int partSize, int parts, int concurrency, Progress progress)
    {
        var data = new byte[partSize];
        new Random(20).NextBytes(data);
        var key = "small-parts/" + Guid.NewGuid().ToString("N");
        var uploadId = await client.InitiateAsync(bucket, key);
        var latencies = new Latencies();
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int number;
            while ((number = Interlocked.Increment(ref next)) <= parts)
            {
                var started = Stopwatch.GetTimestamp();
                await client.UploadPartAsync(bucket, key, uploadId, number, data);
                latencies.Add(Stopwatch.GetElapsedTime(started));
                progress.Tick(latencies.Count);
            }
        }));
        var result = new SmallPartsLoadResult(parts, concurrency, parts / latencies.Seconds, latencies.Percentile(0.5), latencies.Percentile(0.9), latencies.Percentile(0.99), latencies.ClientCpuShare);
        await client.AbortAsync(bucket, key, uploadId);
        return result;
    }
}
