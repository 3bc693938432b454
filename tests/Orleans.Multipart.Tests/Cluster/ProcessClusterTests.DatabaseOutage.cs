using System.Collections.Concurrent;
using System.Diagnostics;
using Amazon.S3;
using Amazon.S3.Model;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.Cluster;

public sealed partial class ProcessClusterTests
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The cluster's PostgreSQL stopped for 10 s under load through every entry point: each failed
    /// request is a 503 ServiceUnavailable (no 500, no hang, no dropped connection), every silo's
    /// /readyz turns 503, every entry point serves again by itself once PostgreSQL is back, and every
    /// part acknowledged before, during or after the outage is in the completed objects.
    /// </summary>
    [Fact]
    public async Task PostgresStoppedUnderLoadAnswers503AndRecoversByItselfLosingNothing()
    {
        const int uploads = 20;
        const string bucket = "pg-outage";
        var entries = cluster.EntryPoints;
        var clients = entries.Select(ProcessCluster.S3).ToArray();
        var clock = Stopwatch.StartNew();
        long stoppedAt = long.MaxValue, startedAt = long.MaxValue;
        var startedDb = false;
        var tally = new StatusTally();
        try
        {
            await RetryAsync(() => clients[0].PutBucketAsync(bucket), tally);
            await RetryAsync(() => clients[0].PutBucketAsync(bucket + "-new"), tally);
            var ids = new string[uploads];
            var etags = new ConcurrentDictionary<(int Upload, int Part), string>();
            await Parallel.ForEachAsync(Enumerable.Range(0, uploads), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (u, _) =>
            {
                var s3 = clients[u % clients.Length];
                ids[u] = (await RetryAsync(() => s3.InitiateMultipartUploadAsync(bucket, $"key-{u}"), tally)).UploadId;
                etags[(u, 1)] = (await RetryAsync(() => UploadPartAsync(s3, bucket, u, ids[u], 1), tally)).ETag;
            });

            // Requests sent once each; every outcome recorded with when it started and how long it took.
            var outcomes = new ConcurrentBag<(int Entry, long Started, long Took, string Outcome)>();
            var firstSuccessAfterRestart = new long[entries.Count];
            Array.Fill(firstSuccessAfterRestart, -1);
            using var done = new CancellationTokenSource();
            var next = -1;
            var workers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
            {
                while (!done.IsCancellationRequested)
                {
                    var i = Interlocked.Increment(ref next);
                    var entry = i % entries.Count;
                    var started = clock.ElapsedMilliseconds;
                    string outcome;
                    try
                    {
                        if (i % 5 == 0)
                        {
                            await clients[entry].InitiateMultipartUploadAsync(bucket + "-new", $"new-{i}");
                        }
                        else
                        {
                            var (u, p) = (i % uploads, 2 + i / uploads);
                            etags[(u, p)] = (await UploadPartAsync(clients[entry], bucket, u, ids[u], p)).ETag;
                        }

                        outcome = "200";
                        if (started >= Interlocked.Read(ref startedAt))
                        {
                            Interlocked.CompareExchange(ref firstSuccessAfterRestart[entry], clock.ElapsedMilliseconds, -1);
                        }
                    }
                    catch (AmazonS3Exception ex)
                    {
                        outcome = $"{(int)ex.StatusCode} {ex.ErrorCode}";
                    }
                    catch (Exception ex)
                    {
                        outcome = ex.GetType().Name;
                    }

                    outcomes.Add((entry, started, clock.ElapsedMilliseconds - started, outcome));
                    tally.Add(outcome);
                    if (outcome != "200")
                    {
                        await Task.Delay(50);
                    }
                }
            })).ToArray();

            await Task.Delay(1500);
            await cluster.RunCheckedAsync("db-stop");
            Interlocked.Exchange(ref stoppedAt, clock.ElapsedMilliseconds);

            // Every silo's /readyz says 503 while the database is gone.
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var notReady = new HashSet<int>();
            while (clock.ElapsedMilliseconds - stoppedAt < Outage.TotalMilliseconds)
            {
                for (var s = 1; s <= ProcessCluster.Silos; s++)
                {
                    using var response = await http.GetAsync(new Uri(cluster.Silo(s), "readyz"));
                    if ((int)response.StatusCode == 503)
                    {
                        notReady.Add(s);
                    }
                }

                await Task.Delay(200);
            }

            await cluster.RunCheckedAsync("db-start");
            startedDb = true;
            Interlocked.Exchange(ref startedAt, clock.ElapsedMilliseconds);
            while (firstSuccessAfterRestart.Any(t => t < 0) && clock.ElapsedMilliseconds - startedAt < 60_000)
            {
                await Task.Delay(100);
            }

            await done.CancelAsync();
            await Task.WhenAll(workers);
            var all = outcomes.ToArray();
            var during = all.Where(o => o.Started >= stoppedAt && o.Started < startedAt).ToArray();
            output.WriteLine($"{all.Length} requests, {during.Length} sent during the {Outage.TotalSeconds:F0} s outage: {string.Join(", ", during.GroupBy(o => o.Outcome).Select(g => $"{g.Count()}x {g.Key}"))}; "
                + $"slowest {all.Max(o => o.Took)} ms; /readyz 503 on silos {string.Join(",", notReady.Order())}; "
                + $"first success after PostgreSQL was back, per entry point: {string.Join(", ", firstSuccessAfterRestart.Select(t => t < 0 ? "none" : $"{t - startedAt} ms"))}");

            Assert.All(all, o => Assert.True(o.Outcome is "200" or "503 ServiceUnavailable", $"request to {entries[o.Entry]} at {o.Started} ms: {o.Outcome}"));
            Assert.Contains(during, o => o.Outcome == "503 ServiceUnavailable");
            // A 200 "during" can only be a request sent while db-start's process was returning (PostgreSQL already up).
            var earliest200 = during.Where(o => o.Outcome == "200").Select(o => startedAt - o.Started).DefaultIfEmpty(0).Max();
            output.WriteLine($"200s among them started at most {earliest200} ms before db-start returned");
            Assert.True(earliest200 < 2000, $"a request sent {earliest200} ms before PostgreSQL's return succeeded");
            Assert.All(all, o => Assert.True(o.Took < 15_000, $"a request took {o.Took} ms (a hang)"));
            Assert.Equal(Enumerable.Range(1, ProcessCluster.Silos), notReady.Order());
            Assert.All(firstSuccessAfterRestart, t => Assert.True(t >= 0, "an entry point did not serve again within 60 s of PostgreSQL's return"));

            await Parallel.ForEachAsync(Enumerable.Range(0, uploads), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (u, _) =>
            {
                var s3 = clients[u % clients.Length];
                var parts = etags.Keys.Where(k => k.Upload == u).Select(k => k.Part).Order().ToArray();
                await RetryAsync(() => s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
                {
                    BucketName = bucket, Key = $"key-{u}", UploadId = ids[u],
                    PartETags = [.. parts.Select(p => new PartETag(p, etags[(u, p)]))],
                }), tally);
                Assert.Equal(parts.SelectMany(p => PartBytes(u, p)).ToArray(), await RetryAsync(() => ReadAsync(s3, bucket, $"key-{u}"), tally));
            });

            // Every answer of the run (before, during and after the outage, retried attempts included): never a 500.
            output.WriteLine($"PostgreSQL outage run, every client request: {tally}");
            Assert.Equal(0, tally.CountOf(500));
            await AuditAsync(bucket, uploads);
        }
        finally
        {
            if (!startedDb)
            {
                await cluster.RunAsync("db-start");
            }

            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }
}
