using System.Collections.Concurrent;
using System.Diagnostics;
using Amazon.S3.Model;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.Cluster;

public sealed partial class ProcessClusterTests
{
    private const int DeadStatus = 6;

    /// <summary>
    /// A silo hung (SIGSTOP) under load until the others declare it dead, then resumed (SIGCONT): it
    /// finds itself dead and stops, and nothing it did on waking corrupts anything. Requests sent to it
    /// while it hung are answered whatever way it answers them on waking; any 200 among them must hold
    /// like every other acknowledged part.
    /// </summary>
    [Fact]
    public async Task AHungSiloDeclaredDeadStopsItselfOnWakingAndCorruptsNothing()
    {
        const int uploads = 40;
        const int victim = ProcessCluster.Silos;
        const string bucket = "hung";
        var v = victim.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var clients = cluster.EntryPoints.Select(ProcessCluster.S3).ToArray();
        var survivors = new[] { cluster.Gateway, cluster.Silo(1), cluster.Silo(2) }.Select(ProcessCluster.S3).ToArray();
        using var toVictim = ProcessCluster.S3(cluster.Silo(victim));
        try
        {
            await RetryAsync(() => clients[0].PutBucketAsync(bucket));
            var ids = new string[uploads];
            var etags = new ConcurrentDictionary<(int Upload, int Part), string>();
            await Parallel.ForEachAsync(Enumerable.Range(0, uploads), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (u, _) =>
            {
                var s3 = clients[u % clients.Length];
                ids[u] = (await RetryAsync(() => s3.InitiateMultipartUploadAsync(bucket, $"key-{u}"))).UploadId;
                etags[(u, 1)] = (await RetryAsync(() => UploadPartAsync(s3, bucket, u, ids[u], 1))).ETag;
            });

            await cluster.RunCheckedAsync("pause", v);
            var clock = Stopwatch.StartNew();

            // Requests straight to the hung silo (its own HTTP clients): sent once, answered on waking.
            var toHung = Enumerable.Range(0, uploads).Where(u => u % 4 == 0).Select(async u =>
            {
                try
                {
                    etags[(u, 9)] = (await UploadPartAsync(toVictim, bucket, u, ids[u], 9)).ETag;
                    return "200";
                }
                catch (Exception ex)
                {
                    return ex.GetType().Name;
                }
            }).ToArray();

            // Parts 2..3 through the survivors, retried like an SDK does, while the silo hangs.
            var load = Parallel.ForEachAsync(
                Enumerable.Range(0, uploads).SelectMany(u => new[] { (u, 2), (u, 3) }),
                new ParallelOptions { MaxDegreeOfParallelism = 16 },
                async (work, _) =>
                {
                    var s3 = survivors[(work.u + work.Item2) % survivors.Length];
                    etags[(work.u, work.Item2)] = (await RetryAsync(() => UploadPartAsync(s3, bucket, work.u, ids[work.u], work.Item2))).ETag;
                });

            while (await cluster.MembershipStatusAsync(victim) != DeadStatus)
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "the hung silo was not declared dead within 60 s");
                await Task.Delay(100);
            }

            var declaredDead = clock.Elapsed;
            await load;
            await cluster.RunCheckedAsync("resume", v);
            var resumed = clock.Elapsed;
            while (cluster.IsRunning(victim))
            {
                Assert.True(clock.Elapsed - resumed < TimeSpan.FromSeconds(30), "the silo declared dead kept running 30 s after waking");
                await Task.Delay(100);
            }

            var stopped = clock.Elapsed;
            var answers = await Task.WhenAll(toHung);
            output.WriteLine($"SIGSTOP -> declared dead {declaredDead.TotalSeconds:F1} s; SIGCONT -> process exited {(stopped - resumed).TotalSeconds:F1} s later; requests sent to it while hung: {string.Join(", ", answers.GroupBy(a => a).Select(g => $"{g.Count()}x {g.Key}"))}");

            // Complete with every acknowledged part, the hung silo's 200s included, and read each object back.
            await Parallel.ForEachAsync(Enumerable.Range(0, uploads), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (u, _) =>
            {
                var s3 = survivors[u % survivors.Length];
                var parts = etags.Keys.Where(k => k.Upload == u).Select(k => k.Part).Order().ToArray();
                await RetryAsync(() => s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
                {
                    BucketName = bucket, Key = $"key-{u}", UploadId = ids[u],
                    PartETags = [.. parts.Select(p => new PartETag(p, etags[(u, p)]))],
                }));
                Assert.Equal(parts.SelectMany(p => PartBytes(u, p)).ToArray(), await RetryAsync(() => ReadAsync(s3, bucket, $"key-{u}")));
            });
            await AuditAsync(bucket, uploads);
        }
        finally
        {
            foreach (var client in clients.Concat(survivors))
            {
                client.Dispose();
            }

            // A hung process must not stay behind; the next test restarts the silo (EnsureHealthyAsync).
            await cluster.RunAsync("resume", v);
        }
    }
}
