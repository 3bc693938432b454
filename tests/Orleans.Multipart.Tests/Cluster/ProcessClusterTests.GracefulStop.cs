using System.Collections.Concurrent;
using Amazon.S3.Model;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.Cluster;

public sealed partial class ProcessClusterTests
{
    /// <summary>
    /// SIGTERM to a silo under load, with the clients behind a load balancer that polls /readyz (as any
    /// deployment has): the silo turns /readyz 503, keeps serving for Shutdown:DrainDelay, finishes
    /// requests in flight, then leaves the cluster. Not one request fails, initiates (not idempotent)
    /// included, whether it went to the stopping silo, to another silo or to the standalone gateway.
    /// </summary>
    [Fact]
    public async Task AGracefulSiloStopUnderLoadFailsNoRequest()
    {
        const int uploads = 30;
        const int stopping = ProcessCluster.Silos;
        const string bucket = "drain";
        var failures = new ConcurrentBag<string>();
        // Grains activate on every silo first (the stopping one's co-hosted gateway included).
        using (var onStopping = ProcessCluster.S3(cluster.Silo(stopping)))
        {
            await onStopping.PutBucketAsync(bucket);
            await onStopping.PutBucketAsync(bucket + "-new");
        }

        var ids = new string[uploads];
        var etags = new ConcurrentDictionary<(int Upload, int Part), string>();
        var clients = cluster.EntryPoints.Select(ProcessCluster.S3).ToArray();
        await Parallel.ForEachAsync(Enumerable.Range(0, uploads), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (u, _) =>
        {
            ids[u] = (await clients[u % clients.Length].InitiateMultipartUploadAsync(bucket, $"key-{u}")).UploadId;
            etags[(u, 1)] = (await UploadPartAsync(clients[u % clients.Length], bucket, u, ids[u], 1)).ETag;
        });
        foreach (var client in clients)
        {
            client.Dispose();
        }

        // No retries: every request is sent once, through the balancer, until the stopped process has exited.
        await using var balancer = new ReadinessBalancer(cluster.EntryPoints);
        var next = -1;
        var duringStop = 0;
        var toStopping = 0;
        Task stop = Task.Delay(Timeout.Infinite);
        var started = new TaskCompletionSource();
        var workers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCompleted)
            {
                var i = Interlocked.Increment(ref next);
                var afterTerm = started.Task.IsCompleted;
                var (entry, s3) = balancer.Next();
                try
                {
                    if (i % 8 == 0)
                    {
                        await s3.InitiateMultipartUploadAsync(bucket + "-new", $"new-{i}");
                    }
                    else
                    {
                        var (u, p) = (i % uploads, 2 + i / uploads);
                        etags[(u, p)] = (await UploadPartAsync(s3, bucket, u, ids[u], p)).ETag;
                    }
                }
                catch (Exception ex)
                {
                    failures.Add($"request {i} via {entry}: {ex.GetType().Name} {(ex as Amazon.S3.AmazonS3Exception)?.StatusCode} {ex.Message}");
                }

                if (afterTerm)
                {
                    Interlocked.Increment(ref duringStop);
                }

                // The drain is exercised by every request the stopping silo answered after SIGTERM, those in
                // flight when it came included: the balancer stops sending new ones within one poll, and on a
                // slow backend a poll is shorter than a request.
                if (entry == cluster.Silo(stopping) && started.Task.IsCompleted)
                {
                    Interlocked.Increment(ref toStopping);
                }
            }
        })).ToArray();

        // SIGTERM once the load is under way (some requests answered), not after a guessed delay.
        var underWay = System.Diagnostics.Stopwatch.StartNew();
        while (Volatile.Read(ref next) < 16 + 8)
        {
            Assert.True(underWay.Elapsed < TimeSpan.FromSeconds(60), "the workers answered no request within 60 s");
            await Task.Delay(20);
        }

        stop = cluster.RunCheckedAsync("term", stopping.ToString(System.Globalization.CultureInfo.InvariantCulture));
        started.SetResult();
        await stop;
        await Task.WhenAll(workers);
        output.WriteLine($"{duringStop} requests sent while silo {stopping} drained and left, {toStopping} answered by it after SIGTERM, {failures.Count} failed: {string.Join("; ", failures.Take(10))}");
        Assert.True(toStopping > 0, "the stopping silo served no request after SIGTERM: the drain was not exercised");
        if (!failures.IsEmpty)
        {
            output.WriteLine(cluster.Errors());
        }

        Assert.Empty(failures);

        using var survivor = ProcessCluster.S3(cluster.Gateway);
        for (var u = 0; u < uploads; u++)
        {
            var parts = etags.Keys.Where(k => k.Upload == u).Select(k => k.Part).Order().ToArray();
            await survivor.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = bucket, Key = $"key-{u}", UploadId = ids[u],
                PartETags = [.. parts.Select(p => new PartETag(p, etags[(u, p)]))],
            });
            var expected = parts.SelectMany(p => PartBytes(u, p)).ToArray();
            Assert.Equal(expected, await ReadAsync(survivor, bucket, $"key-{u}"));
        }

        await AuditAsync(bucket, uploads);
        // Nothing to restore afterwards: the next test brings the cluster back (EnsureHealthyAsync).
    }
}
