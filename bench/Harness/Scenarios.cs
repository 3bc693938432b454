using System.Diagnostics;

namespace Orleans.Multipart.Bench.Harness;

public sealed record RateResult(double PerSecond, double P50Ms, double P99Ms, int Requests, double ClientCpuShare);

public sealed record ThroughputResult(double MbPerSecond, double P50Ms, double P99Ms, int Parts, double ClientCpuShare);

/// <summary>The request-level measurements, each against any S3 endpoint (ours or the peer).</summary>
public static class Scenarios
{
    /// <summary>
    /// Signed CreateMultipartUpload of distinct keys from <paramref name="concurrency"/> connections for <paramref name="duration"/>;
    /// keys start with <paramref name="keyPrefix"/> (a run that measures again on the same service passes a new one, so its keys stay new).
    /// </summary>
    public static async Task<RateResult> InitiateRateAsync(SigV4Client client, string bucket, int concurrency, TimeSpan duration, Progress progress, string keyPrefix = "init")
    {
        var latencies = new Latencies();
        var deadline = Stopwatch.StartNew();
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
        {
            while (deadline.Elapsed < duration)
            {
                var key = $"{keyPrefix}/{worker}/{Interlocked.Increment(ref next)}";
                var started = Stopwatch.GetTimestamp();
                await client.InitiateAsync(bucket, key);
                latencies.Add(Stopwatch.GetElapsedTime(started));
                progress.Tick(latencies.Count);
            }
        }));
        return new RateResult(latencies.Count / latencies.Seconds, latencies.Percentile(0.5), latencies.Percentile(0.99), latencies.Count, latencies.ClientCpuShare);
    }

    /// <summary>UploadPart of <paramref name="parts"/> parts of <paramref name="partSize"/> bytes into one upload, <paramref name="parallel"/> at a time.</summary>
    public static async Task<ThroughputResult> PartThroughputAsync(SigV4Client client, string bucket, int partSize, int parallel, int parts, Progress progress)
    {
        var data = new byte[partSize];
        new Random(42).NextBytes(data);
        var key = "parts/" + Guid.NewGuid().ToString("N");
        var uploadId = await client.InitiateAsync(bucket, key);
        var latencies = new Latencies();
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, parallel).Select(async _ =>
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
        var seconds = latencies.Seconds;
        var cpu = latencies.ClientCpuShare;
        try
        {
            await client.AbortAsync(bucket, key, uploadId);
        }
        catch (InvalidOperationException)
        {
            // s3rver does not implement AbortMultipartUpload; its parts just stay on disk.
        }

        return new ThroughputResult(parts * (double)partSize / 1_000_000 / seconds, latencies.Percentile(0.5), latencies.Percentile(0.99), parts, cpu);
    }

    /// <summary>Uploads <paramref name="parts"/> one-byte parts, then times the Complete that lists them all (ms).</summary>
    public static async Task<double> CompleteTimeAsync(SigV4Client client, string bucket, int parts, Progress progress)
    {
        var key = $"complete/{parts}/" + Guid.NewGuid().ToString("N");
        var uploadId = await client.InitiateAsync(bucket, key);
        var etags = new (int, string)[parts];
        var next = 0;
        var done = 0;
        await Task.WhenAll(Enumerable.Range(0, 32).Select(async _ =>
        {
            int number;
            while ((number = Interlocked.Increment(ref next)) <= parts)
            {
                etags[number - 1] = (number, await client.UploadPartAsync(bucket, key, uploadId, number, new[] { (byte)number }));
                progress.Tick(Interlocked.Increment(ref done));
            }
        }));
        var started = Stopwatch.GetTimestamp();
        await client.CompleteAsync(bucket, key, uploadId, etags);
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }
}

/// <summary>A one-line progress indicator on stderr, at most a few times a second.</summary>
public sealed class Progress(string label, int? total = null)
{
    private long _lastPrint;

    public void Tick(int count)
    {
        var now = Stopwatch.GetTimestamp();
        var last = Interlocked.Read(ref _lastPrint);
        if (Stopwatch.GetElapsedTime(last, now) < TimeSpan.FromMilliseconds(500) || Interlocked.CompareExchange(ref _lastPrint, now, last) != last)
        {
            return;
        }

        Console.Error.Write(total is { } t ? $"\r  {label}: {count}/{t}    " : $"\r  {label}: {count}    ");
    }

    public static void Done() => Console.Error.Write("\r" + new string(' ', 60) + "\r");
}
