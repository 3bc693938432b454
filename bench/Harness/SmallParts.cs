using System.Diagnostics;

namespace Orleans.Multipart.Bench.Harness;

public sealed record SmallPartsResult(double PartsPerSecond, double P50Ms, double P99Ms, double CompleteMs);

/// <summary>
/// The small-part floor: <c>parts</c> UploadParts of 4 KiB into one upload at a modest concurrency
/// (each part a durable write and a registered row, so the rate shows the per-part commit path, not
/// bandwidth), then the Complete that lists them all.
/// </summary>
public static class SmallParts
{
    public const int PartSize = 4096;

    public static async Task<SmallPartsResult> RunAsync(SigV4Client client, string bucket, int parts, int concurrency, Progress progress)
    {
        var data = new byte[PartSize];
        new Random(4096).NextBytes(data);
        var key = "small-parts/" + Guid.NewGuid().ToString("N");
        var uploadId = await client.InitiateAsync(bucket, key);
        var etags = new (int, string)[parts];
        var latencies = new Latencies();
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int number;
            while ((number = Interlocked.Increment(ref next)) <= parts)
            {
                var started = Stopwatch.GetTimestamp();
                etags[number - 1] = (number, await client.UploadPartAsync(bucket, key, uploadId, number, data));
                latencies.Add(Stopwatch.GetElapsedTime(started));
                progress.Tick(latencies.Count);
            }
        }));
        var seconds = latencies.Seconds;
        var completeStarted = Stopwatch.GetTimestamp();
        await client.CompleteAsync(bucket, key, uploadId, etags);
        var completeMs = Stopwatch.GetElapsedTime(completeStarted).TotalMilliseconds;
        return new SmallPartsResult(parts / seconds, latencies.Percentile(0.5), latencies.Percentile(0.99), completeMs);
    }
}
