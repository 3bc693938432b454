using System.Collections.Concurrent;
using System.Diagnostics;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Configuration;
using Orleans.Multipart.Silo.Storage.Sql;
using Orleans.Multipart.Tests.Infrastructure;
using Orleans.Runtime;
using Xunit.Abstractions;

namespace Orleans.Multipart.Tests.Cluster;

/// <summary>
/// Real processes (scripts/cluster.sh): three silos on PostgreSQL and a standalone gateway. Uploads
/// through every entry point, the sample service calling the grains, and a silo killed with -9 under
/// concurrent multipart uploads.
/// </summary>
[Collection(ProcessClusterCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Slow)]
public sealed partial class ProcessClusterTests(ProcessCluster cluster, ITestOutputHelper output) : IClassFixture<ProcessCluster>, IAsyncLifetime
{
    private const int PartSize = 64 * 1024;

    /// <summary>
    /// Each test starts from a healthy cluster whatever the previous one did (killed, stopped or hung a
    /// silo, stopped PostgreSQL), and says where the processes' logs are kept (printed when it fails).
    /// </summary>
    public async Task InitializeAsync()
    {
        output.WriteLine($"cluster logs: {cluster.LogDirectory} (kept after the run)");
        await cluster.EnsureHealthyAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task EveryEntryPointServesAMultipartUploadReadableThroughAnyOther()
    {
        var entries = cluster.EntryPoints;
        for (var i = 0; i < entries.Count; i++)
        {
            using var writer = ProcessCluster.S3(entries[i]);
            using var reader = ProcessCluster.S3(entries[(i + 1) % entries.Count]);
            var bucket = $"entry-{i}";
            await writer.PutBucketAsync(bucket);
            var upload = await writer.InitiateMultipartUploadAsync(bucket, "object");
            var parts = new List<PartETag>();
            for (var part = 1; part <= 2; part++)
            {
                var response = await writer.UploadPartAsync(new UploadPartRequest
                {
                    BucketName = bucket, Key = "object", UploadId = upload.UploadId, PartNumber = part,
                    InputStream = new MemoryStream(PartBytes(i, part)),
                });
                parts.Add(new PartETag(part, response.ETag));
            }

            await writer.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest { BucketName = bucket, Key = "object", UploadId = upload.UploadId, PartETags = parts });
            byte[] expected = [.. PartBytes(i, 1), .. PartBytes(i, 2)];
            Assert.Equal(expected, await ReadAsync(reader, bucket, "object"));
        }
    }

    [Fact]
    public async Task TheSampleServiceDoesControlPlaneWorkThroughTheGrainsAndSeesHttpWrites()
    {
        var sample = Path.Combine(ProcessCluster.RepositoryRoot, "samples", "ControlPlane", "bin", "Release", "net10.0", "Orleans.Multipart.Samples.ControlPlane.dll");
        var environment = new Dictionary<string, string>
        {
            ["Orleans__ClusterId"] = ProcessCluster.ClusterId,
            ["MultipartClient__AccessKeyId"] = ProcessCluster.AccessKey,
            ["MultipartClient__SecretKey"] = ProcessCluster.SecretKey,
            // The sample's 15 s default is for people; a loaded test machine needs longer to read the gateway list and connect.
            ["Orleans__ConnectTimeout"] = "00:01:30",
        };
        var first = await ExternalClient.RunAsync("dotnet", [sample, cluster.ConnectionString, "sample-bucket"], environment);
        Assert.True(first.ExitCode == 0, first.Output);
        Assert.Contains("bucket sample-bucket rule Exclusive", first.Stdout);
        Assert.Matches(@"initiated \S+", first.Stdout);
        // The exclusive rule's error code crosses the client boundary intact (MultipartException, not a codec error).
        Assert.Contains("second initiate refused UploadInProgress", first.Stdout);
        Assert.Contains("open uploads 1", first.Stdout);
        Assert.Contains("parts 0", first.Stdout);
        Assert.Contains("aborted, open uploads 0", first.Stdout);

        // Bytes go through HTTP (the standalone gateway); the sample reads the object's metadata from the grains.
        using var s3 = ProcessCluster.S3(cluster.Gateway);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = "sample-bucket", Key = "hello.txt", ContentBody = "hello, cluster" });
        var second = await ExternalClient.RunAsync("dotnet", [sample, cluster.ConnectionString, "sample-bucket", "hello.txt"], environment);
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Contains("object hello.txt size 14 ", second.Stdout);
    }

    [Fact]
    public async Task KillingASiloDuringConcurrentUploadsLosesNoAcknowledgedPart()
    {
        const int uploads = 100;
        const int partsPerUpload = 3;
        const int victim = ProcessCluster.Silos;
        const string bucket = "load";
        var survivors = new[] { cluster.Gateway, cluster.Silo(1), cluster.Silo(2) };
        var clients = cluster.EntryPoints.Select(ProcessCluster.S3).ToArray();
        var survivorClients = survivors.Select(ProcessCluster.S3).ToArray();
        var tally = new StatusTally();
        try
        {
            await RetryAsync(() => clients[0].PutBucketAsync(bucket), tally);
            var ids = new string[uploads];
            var etags = new ConcurrentDictionary<(int Upload, int Part), string>();
            await Parallel.ForEachAsync(Enumerable.Range(0, uploads), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (u, _) =>
            {
                var s3 = clients[u % clients.Length];
                ids[u] = (await RetryAsync(() => s3.InitiateMultipartUploadAsync(bucket, $"key-{u}"), tally)).UploadId;
                // Part 1 through every entry point, the victim included, so that upload grains activate on it.
                etags[(u, 1)] = (await RetryAsync(() => UploadPartAsync(s3, bucket, u, ids[u], 1), tally)).ETag;
            });

            var onVictim = await UploadsOnSiloAsync(cluster.SiloPort(victim), ids.ToHashSet());
            output.WriteLine($"{onVictim.Count} of {uploads} upload grains live on silo {victim}");
            Assert.NotEmpty(onVictim);

            // Parts 2.. through the survivors, concurrently; silo 3 is killed once the load runs.
            var acked = new ConcurrentDictionary<(int Upload, int Part), bool>();
            var clock = Stopwatch.StartNew();
            long killedAt = -1;
            long firstVictimSuccess = -1;
            var running = Parallel.ForEachAsync(
                Enumerable.Range(0, uploads).SelectMany(u => Enumerable.Range(2, partsPerUpload - 1).Select(p => (u, p))),
                new ParallelOptions { MaxDegreeOfParallelism = 24 },
                async (work, _) =>
                {
                    var s3 = survivorClients[(work.u + work.p) % survivorClients.Length];
                    long attemptStarted = 0;
                    etags[(work.u, work.p)] = (await RetryAsync(() =>
                    {
                        attemptStarted = clock.ElapsedMilliseconds;
                        return UploadPartAsync(s3, bucket, work.u, ids[work.u], work.p);
                    }, tally)).ETag;
                    acked[(work.u, work.p)] = true;
                    var killed = Interlocked.Read(ref killedAt);
                    // A success counts only for an attempt sent after the kill (not one the dead silo answered first).
                    if (killed >= 0 && attemptStarted >= killed && onVictim.Contains(ids[work.u]))
                    {
                        Interlocked.CompareExchange(ref firstVictimSuccess, clock.ElapsedMilliseconds, -1);
                    }
                });
            while (acked.Count < 30 && !running.IsCompleted)
            {
                await Task.Delay(20);
            }

            await cluster.RunCheckedAsync("kill", victim.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Interlocked.Exchange(ref killedAt, clock.ElapsedMilliseconds);
            await running;
            Assert.Equal(uploads * (partsPerUpload - 1), acked.Count);

            // Complete everything through the survivors and read every object back byte for byte.
            await Parallel.ForEachAsync(Enumerable.Range(0, uploads), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (u, _) =>
            {
                var s3 = survivorClients[u % survivorClients.Length];
                await RetryAsync(() => s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
                {
                    BucketName = bucket, Key = $"key-{u}", UploadId = ids[u],
                    PartETags = [.. Enumerable.Range(1, partsPerUpload).Select(p => new PartETag(p, etags[(u, p)]))],
                }), tally);
                var expected = Enumerable.Range(1, partsPerUpload).SelectMany(p => PartBytes(u, p)).ToArray();
                Assert.Equal(expected, await RetryAsync(() => ReadAsync(s3, bucket, $"key-{u}"), tally));
            });

            if (firstVictimSuccess >= 0)
            {
                output.WriteLine($"kill -9 of silo {victim} -> first acknowledged part on an upload grain that lived on it: {firstVictimSuccess - killedAt} ms");
                // The README quotes this failover time (1.9-3.2 s measured); the bound leaves room for a loaded machine.
                Assert.True(firstVictimSuccess - killedAt < FailoverBound.TotalMilliseconds,
                    $"the first part on a grain of the killed silo was acknowledged {firstVictimSuccess - killedAt} ms after the kill (bound {FailoverBound.TotalSeconds} s)");
            }
            else
            {
                output.WriteLine($"every part of the {onVictim.Count} uploads whose grains lived on silo {victim} was acknowledged before the kill");
            }

            // Every answer of the run, retried attempts included: a crash is 503s and connection errors, never a 500.
            output.WriteLine($"kill -9 run, every client request: {tally}");
            Assert.Equal(0, tally.CountOf(500));
            await AuditAsync(bucket, uploads);
        }
        finally
        {
            foreach (var client in clients.Concat(survivorClients))
            {
                client.Dispose();
            }

            // The next test restarts the killed silo (EnsureHealthyAsync), with retries.
        }
    }

    /// <summary>Kill -9 to the first acknowledged part on a grain of the killed silo: 2 s x 2 probes plus retries, with headroom for a loaded machine.</summary>
    internal static readonly TimeSpan FailoverBound = TimeSpan.FromSeconds(20);

    private Task AuditAsync(string bucket, int uploads) => AuditAsync(cluster, bucket, uploads);

    /// <summary>The table audit: no invariant violation, each upload completed once into its own object, the exclusive rule intact.</summary>
    internal static async Task AuditAsync(ProcessCluster cluster, string bucket, int uploads)
    {
        var services = new ServiceCollection()
            .AddSingleton<ISqlDialect>(new PostgresDialect(cluster.ConnectionString))
            .AddSingleton<SqlDatabase>()
            .AddSingleton(TimeProvider.System)
            .AddSingleton<SqlMetadataStore>()
            .BuildServiceProvider();
        await using var _ = services;
        Assert.Equal(0, await services.GetRequiredService<SqlMetadataStore>().CountInvariantViolationsAsync());

        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        async Task<long> CountAsync(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddWithValue("bucket", bucket);
            return (long)(await command.ExecuteScalarAsync())!;
        }

        // Each upload completed once, into its own object; no key with two open exclusive uploads.
        Assert.Equal(uploads, await CountAsync("SELECT COUNT(*) FROM uploads WHERE bucket = @bucket AND state = 1"));
        Assert.Equal(uploads, await CountAsync("SELECT COUNT(*) FROM objects WHERE bucket = @bucket"));
        Assert.Equal(uploads, await CountAsync("SELECT COUNT(DISTINCT source_id) FROM objects WHERE bucket = @bucket"));
        // The exclusive rule is the unique index's (one open upload per exclusive key): it is in place and,
        // in every bucket (the loaded one included), no key has two open exclusive uploads.
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM pg_indexes WHERE tablename = 'uploads' AND indexname = 'uploads_exclusive' AND indexdef LIKE 'CREATE UNIQUE INDEX%' AND @bucket IS NOT NULL"));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM (SELECT 1 FROM uploads WHERE state = 0 AND exclusive_key IS NOT NULL GROUP BY bucket, exclusive_key HAVING COUNT(*) > 1) x"));
    }

    /// <summary>The upload IDs among <paramref name="uploadIds"/> whose grains are active on the silo at <paramref name="siloPort"/> (Orleans' management grain, from a client).</summary>
    private async Task<HashSet<string>> UploadsOnSiloAsync(int siloPort, HashSet<string> uploadIds)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client => client
            .Configure<ClusterOptions>(o =>
            {
                o.ClusterId = ProcessCluster.ClusterId;
                o.ServiceId = "orleans-multipart";
            })
            .UseAdoNetClustering(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = cluster.ConnectionString;
            }));
        using var host = builder.Build();
        await host.StartAsync();
        var management = host.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0);
        var statistics = await management.GetDetailedGrainStatistics();
        await host.StopAsync();
        return statistics
            .Where(s => s.SiloAddress.Endpoint.Port == siloPort && s.GrainId.Type.ToString() == "upload")
            .Select(s => s.GrainId.Key.ToString()!)
            .Where(uploadIds.Contains)
            .ToHashSet();
    }

    internal static byte[] PartBytes(int upload, int part)
    {
        var bytes = new byte[PartSize];
        new Random(upload * 100 + part).NextBytes(bytes);
        return bytes;
    }

    internal static Task<UploadPartResponse> UploadPartAsync(AmazonS3Client s3, string bucket, int upload, string uploadId, int part) =>
        s3.UploadPartAsync(new UploadPartRequest
        {
            BucketName = bucket, Key = $"key-{upload}", UploadId = uploadId, PartNumber = part,
            InputStream = new MemoryStream(PartBytes(upload, part)),
        });

    internal static async Task<byte[]> ReadAsync(AmazonS3Client s3, string bucket, string key)
    {
        using var response = await s3.GetObjectAsync(bucket, key);
        using var buffer = new MemoryStream();
        await response.ResponseStream.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    /// <summary>What an HTTP client that retries does: 5xx and connection failures are retried (for up to a minute), anything else is an answer.</summary>
    internal static async Task<T> RetryAsync<T>(Func<Task<T>> call, StatusTally? tally = null)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                var result = await call();
                tally?.Success();
                return result;
            }
            catch (Exception ex) when (Record(tally, ex) && deadline.Elapsed < TimeSpan.FromMinutes(1)
                && (ex is AmazonS3Exception { StatusCode: >= System.Net.HttpStatusCode.InternalServerError } or HttpRequestException or TaskCanceledException or IOException
                    || ex.InnerException is HttpRequestException or IOException))
            {
                await Task.Delay(200);
            }
        }
    }

    /// <summary>Counts a failed attempt (an exception filter: always true, so the filter goes on to decide whether to retry).</summary>
    private static bool Record(StatusTally? tally, Exception exception)
    {
        tally?.Failure(exception);
        return true;
    }
}

/// <summary>Four server processes load the 2-core machine: run them alone, not beside the in-process cluster tests (placement-sensitive).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessClusterCollection
{
    public const string Name = "process cluster";
}
