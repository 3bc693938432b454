using System.Collections.Concurrent;
using System.Diagnostics;
using Amazon.S3;
using Amazon.S3.Model;
using Npgsql;
using Orleans.Multipart.Tests.Cluster;
using Orleans.Multipart.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Orleans.Multipart.Tests.Rgw;

/// <summary>
/// kill -9 of a silo under load on the S3 backend, against the real RGW: three silo processes and the
/// standalone gateway, no shared volume, clients behind a balancer that polls /readyz (as a Service does)
/// and retry what fails (as the SDKs do). Uploads run from initiate through parts and Complete to a read
/// when silo 3 dies. What a user notices: every acknowledged part and Complete reads back byte for byte,
/// what was not acknowledged fails with a 503 or a broken connection and succeeds on retry, never a 500,
/// and the survivors carry on by themselves; the bytes of every object are objects in the backend bucket.
/// </summary>
[Collection(ProcessClusterCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Slow)]
public sealed class S3ClusterKillTests(RgwProcessCluster cluster, ITestOutputHelper output) : IClassFixture<RgwProcessCluster>, IAsyncLifetime
{
    private const int Uploads = 60;
    private const int PartsPerUpload = 3;
    private const int Victim = ProcessCluster.Silos;
    private const string Bucket = "s3-kill";

    /// <summary>What a failed attempt may be while a silo dies: a 503 from a survivor, or the dead process's broken connection.</summary>
    private static readonly string[] RetryableOutcomes = ["503 ServiceUnavailable", "HttpRequestException", "IOException", "SocketException", "TaskCanceledException"];

    public async Task InitializeAsync()
    {
        output.WriteLine($"cluster logs: {cluster.LogDirectory} (kept after the run); backend bucket {cluster.Bucket}");
        await cluster.EnsureHealthyAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task KillingASiloUnderLoadOnTheS3BackendLosesNoAcknowledgedPartOrComplete()
    {
        var tally = new StatusTally();
        var completed = new ConcurrentDictionary<int, string>();
        var longestWait = TimeSpan.Zero;
        var clock = Stopwatch.StartNew();
        long killedAt = -1;
        await using (var balancer = new ReadinessBalancer(cluster.EntryPoints))
        {
            // One attempt per balancer pick: a retry goes to whichever entry point is ready then.
            async Task<T> Call<T>(Func<AmazonS3Client, Task<T>> call)
            {
                var started = clock.Elapsed;
                var result = await ProcessClusterTests.RetryAsync(() => call(balancer.Next().Client), tally);
                var waited = clock.Elapsed - started;
                lock (tally)
                {
                    if (Interlocked.Read(ref killedAt) >= 0 && waited > longestWait)
                    {
                        longestWait = waited;
                    }
                }

                return result;
            }

            await Call(s3 => s3.PutBucketAsync(Bucket));
            var load = Parallel.ForEachAsync(Enumerable.Range(0, Uploads), new ParallelOptions { MaxDegreeOfParallelism = 12 }, async (u, _) =>
            {
                var key = $"key-{u}";
                var uploadId = (await Call(s3 => s3.InitiateMultipartUploadAsync(Bucket, key))).UploadId;
                var etags = new List<PartETag>();
                for (var p = 1; p <= PartsPerUpload; p++)
                {
                    var part = p;
                    etags.Add(new PartETag(part, (await Call(s3 => ProcessClusterTests.UploadPartAsync(s3, Bucket, u, uploadId, part))).ETag));
                }

                // A Complete whose answer was lost is retried: the repeat of a completed upload answers its result again.
                var complete = await Call(s3 => s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest { BucketName = Bucket, Key = key, UploadId = uploadId, PartETags = etags }));
                Assert.Equal(Expected(u), await Call(s3 => ProcessClusterTests.ReadAsync(s3, Bucket, key)));
                completed[u] = complete.ETag;
            });

            // kill -9 once the load is under way (a quarter of the uploads read back), not after a guessed delay.
            while (completed.Count < Uploads / 4 && !load.IsCompleted)
            {
                Assert.True(clock.Elapsed < TimeSpan.FromMinutes(3), $"the load completed {completed.Count} uploads in 3 minutes\n{cluster.Errors()}");
                await Task.Delay(20);
            }

            Assert.False(load.IsCompleted, "the load finished before the kill");
            var leftAtKill = Uploads - completed.Count;
            var failedBeforeKill = tally.Outcomes.Where(o => o.Key != "200").Sum(o => o.Value);
            await cluster.RunCheckedAsync("kill", Victim.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Interlocked.Exchange(ref killedAt, clock.ElapsedMilliseconds);
            await load;
            output.WriteLine($"kill -9 of silo {Victim} at {killedAt} ms with {leftAtKill} of {Uploads} uploads unfinished; the load finished {clock.ElapsedMilliseconds - killedAt} ms later; "
                + $"longest a request waited for success after the kill: {longestWait.TotalMilliseconds:0} ms; failed attempts before the kill: {failedBeforeKill}");
        }

        output.WriteLine($"every client attempt of the run: {tally}");
        Assert.Equal(Uploads, completed.Count);
        Assert.Equal(0, tally.CountOf(500));
        Assert.All(tally.Outcomes.Keys.Where(o => o != "200"), o => Assert.Contains(o, RetryableOutcomes));
        Assert.True(tally.Outcomes.Any(o => o.Key != "200"), "no request failed: the kill hit nothing in flight");
        // The survivors recovered by themselves within the clients' patience (RetryAsync gives up after a minute).
        Assert.True(longestWait < TimeSpan.FromSeconds(45), $"a request waited {longestWait.TotalSeconds:0.0} s for success after the kill");

        // The killed silo comes back (as its Deployment restarts it) and every object reads the same through it and the gateway.
        await cluster.RestartSiloAsync(Victim);
        using (var restarted = ProcessCluster.S3(cluster.Silo(Victim)))
        using (var gateway = ProcessCluster.S3(cluster.Gateway))
        {
            for (var u = 0; u < Uploads; u++)
            {
                var head = await ProcessClusterTests.RetryAsync(() => restarted.GetObjectMetadataAsync(Bucket, $"key-{u}"));
                Assert.Equal(completed[u], head.ETag);
                Assert.Equal(Expected(u), await ProcessClusterTests.RetryAsync(() => ProcessClusterTests.ReadAsync(u % 2 == 0 ? restarted : gateway, Bucket, $"key-{u}")));
            }
        }

        await ProcessClusterTests.AuditAsync(cluster, Bucket, Uploads);

        // Every part of every object is one object in the backend bucket: nothing acknowledged lives only in a dead process.
        var referenced = await ObjectBlobsAsync();
        Assert.Equal(Uploads * PartsPerUpload, referenced.Count);
        var backend = await cluster.BackendBlobsAsync();
        Assert.Empty(referenced.Except(backend));
        output.WriteLine($"{referenced.Count} blobs referenced by the objects, {backend.Count} objects in the backend bucket (the rest: parts of retried or unfinished uploads, the collector's)");
    }

    private static byte[] Expected(int upload) => [.. Enumerable.Range(1, PartsPerUpload).SelectMany(p => ProcessClusterTests.PartBytes(upload, p))];

    /// <summary>The blob IDs the bucket's objects name (their parts' rows), from the cluster's database.</summary>
    private async Task<HashSet<string>> ObjectBlobsAsync()
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT p.blob_id FROM objects o JOIN parts p ON p.source_id = o.source_id WHERE o.bucket = @bucket", connection);
        command.Parameters.AddWithValue("bucket", Bucket);
        var blobs = new HashSet<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            blobs.Add(reader.GetString(0));
        }

        return blobs;
    }
}
