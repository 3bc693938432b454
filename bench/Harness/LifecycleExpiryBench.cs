using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Npgsql;

namespace Orleans.Multipart.Bench.Harness;

// The SDK's lifecycle types, not the service's model of the same names (Orleans.Multipart, an enclosing namespace).
using LifecycleConfiguration = Amazon.S3.Model.LifecycleConfiguration;
using LifecycleFilter = Amazon.S3.Model.LifecycleFilter;
using LifecycleRule = Amazon.S3.Model.LifecycleRule;

/// <summary>
/// Issue 23's expiry figure: a bucket holding N open uploads and N objects (each with one part row and one blob file),
/// all old enough to expire, gets a lifecycle configuration (AbortIncompleteMultipartUpload and Expiration of one day);
/// the service's own sweep (reminder-woken, indexed batches) then aborts and deletes them while a load of initiates runs
/// against another bucket. Measured: uploads and objects per second (rows, from the first sweep to the last row), how
/// long the collector takes to delete every blob, and the concurrent initiates' latency before and during the sweep.
/// The rows are written by SQL (as a long-running service would have accumulated them), the blobs as 1-byte files.
/// Usage: bench/run.sh --lifecycle-expiry [--rows N] (default 1,000,000 of each); PostgreSQL from OMP_BENCH_POSTGRES
/// (a server connection string) or a fresh one from scripts/postgres.sh.
/// </summary>
public static class LifecycleExpiryBench
{
    private const string Bucket = "expiring";
    private const string LoadBucket = "busy";
    private const int LoadConnections = 8;

    public static async Task<int> RunAsync(string root, int rows)
    {
        var clock = Stopwatch.StartNew();
        void Step(string text) => Console.Error.WriteLine($"[{clock.Elapsed:mm\\:ss}] {text}");
        var work = Path.Combine(Path.GetTempPath(), "omp-lc-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        Process? silo = null;
        string? pgDir = null;
        try
        {
            Step("building the silo (Release)");
            await Shell.RunAsync("dotnet", "build Silo/Silo.csproj -c Release -nologo -v quiet", root);
            var server = Environment.GetEnvironmentVariable("OMP_BENCH_POSTGRES");
            if (string.IsNullOrEmpty(server))
            {
                pgDir = Path.Combine(work, "pg");
                Step("starting PostgreSQL (scripts/postgres.sh)");
                await Shell.RunAsync(Path.Combine(root, "scripts", "postgres.sh"), $"start {pgDir}");
                server = (await File.ReadAllTextAsync(Path.Combine(pgDir, "connection-string"))).Trim();
            }

            var connection = await ClusterBench.CreateDatabaseAsync(server, "lc_bench_" + Guid.NewGuid().ToString("N")[..8]);
            var siloDll = Path.Combine(root, "Silo", "bin", "Release", "net10.0", "Orleans.Multipart.Silo.dll");

            // A one-second lifecycle day and sweep, so that a rule of one day applies within seconds (the rows are a month old
            // anyway); the collector drains the garbage every second with no grace, so blob deletion is measured too. The
            // service-wide expiry (7 days) is off: it would start aborting the month-old uploads while they are seeded, and the
            // collector would then delete their blob files before the seeding writes them (a 1,000,000-row run was left with 698
            // files no row names, which only the orphan sweep, hours later, would remove).
            var settings = $"--Storage:Provider Postgres --ConnectionStrings:Postgres \"{connection};Maximum Pool Size=100\" " +
                "--Multipart:LifecycleDayLength 00:00:01 --Multipart:ExpirySweepPeriod 00:00:01 --Multipart:AbortIncompleteUploadsAfter 0 " +
                "--Collector:Interval 00:00:01 --Collector:GarbageGracePeriod 00:00:00";
            Step("starting the service on PostgreSQL");
            var started = await ServiceProcess.StartAsync(siloDll, "lifecycle", work, settings);
            silo = started.Process;
            var client = started.Client;
            await client.CreateBucketAsync(Bucket);
            await client.CreateBucketAsync(LoadBucket);

            Step($"writing {rows:N0} open uploads and {rows:N0} objects (rows by SQL, one 1-byte blob file each)");
            var seedClock = Stopwatch.StartNew();
            await using var loadAverage = new LoadAverage();
            var blobIds = await SeedAsync(connection, rows);
            var blobRoot = Path.Combine(work, "lifecycle", "blobs");
            await WriteBlobsAsync(blobRoot, blobIds);
            var seedSeconds = seedClock.Elapsed.TotalSeconds;
            Step($"seeded in {seedSeconds:0} s");

            using var s3 = new AmazonS3Client(new BasicAWSCredentials(ServiceProcess.AccessKey, ServiceProcess.SecretKey), new AmazonS3Config
            {
                ServiceURL = client.BaseUri.ToString(),
                ForcePathStyle = true,
                AuthenticationRegion = "us-east-1",
            });

            Step("baseline: initiates into another bucket, 10 s");
            var loadBeforeSweep = LoadAverage.Read();
            var baseline = await LoadAsync(client, TimeSpan.FromSeconds(10), CancellationToken.None);

            Step("putting the lifecycle configuration; the sweep starts at its next tick");
            using var stop = new CancellationTokenSource();
            var sweepClock = Stopwatch.StartNew();
            await s3.PutLifecycleConfigurationAsync(new PutLifecycleConfigurationRequest
            {
                BucketName = Bucket,
                Configuration = new LifecycleConfiguration
                {
                    Rules =
                    [
                        new LifecycleRule { Id = "abort", Status = LifecycleRuleStatus.Enabled, Filter = new LifecycleFilter { Prefix = "" }, AbortIncompleteMultipartUpload = new LifecycleRuleAbortIncompleteMultipartUpload { DaysAfterInitiation = 1 } },
                        new LifecycleRule { Id = "expire", Status = LifecycleRuleStatus.Enabled, Filter = new LifecycleFilter { Prefix = "" }, Expiration = new LifecycleRuleExpiration { Days = 1 } },
                    ],
                },
            });
            var during = LoadAsync(client, TimeSpan.FromHours(2), stop.Token);

            double? firstRowGone = null, uploadsDone = null, objectsDone = null, blobsDone = null;
            var timeout = TimeSpan.FromSeconds(Math.Max(600, rows / 50.0));
            while (blobsDone is null)
            {
                if (sweepClock.Elapsed > timeout)
                {
                    throw new TimeoutException($"the sweep did not finish within {timeout.TotalSeconds:0} s");
                }

                // A count of a million rows costs the database (and the machine) something: sampled less often at that size.
                await Task.Delay(rows >= 100_000 ? 1000 : 250);
                var (uploads, objects, garbage) = await CountAsync(connection);
                var t = sweepClock.Elapsed.TotalSeconds;
                if (firstRowGone is null && (uploads < rows || objects < rows))
                {
                    firstRowGone = t;
                }

                if (uploadsDone is null && uploads == 0)
                {
                    uploadsDone = t;
                    Step($"every upload aborted at {t:0.0} s");
                }

                if (objectsDone is null && objects == 0)
                {
                    objectsDone = t;
                    Step($"every object expired at {t:0.0} s");
                    stop.Cancel();

                    // The row figures now, in case the blobs take longer than the run is given.
                    var (loadDuring, seconds) = await during;
                    var (baseLatencies, baseSeconds) = baseline;
                    Step($"rows: uploads {rows / (uploadsDone!.Value - firstRowGone!.Value):0}/s, objects {rows / (t - Math.Max(uploadsDone.Value, firstRowGone.Value)):0}/s; " +
                        $"initiates before {baseLatencies.Count / baseSeconds:0}/s p50 {baseLatencies.Percentile(0.50):0.0} ms p99 {baseLatencies.Percentile(0.99):0.0} ms, " +
                        $"during {loadDuring.Count / seconds:0}/s p50 {loadDuring.Percentile(0.50):0.0} ms p99 {loadDuring.Percentile(0.99):0.0} ms; load average max {loadAverage.Max:0.0}");
                }

                if (objectsDone is not null && uploadsDone is not null && garbage == 0 && CountFiles(blobRoot) == 0)
                {
                    blobsDone = t;
                    Step($"every blob deleted at {t:0.0} s");
                }
            }

            var load = await during;
            var result = new JsonObject
            {
                ["rows"] = rows,
                ["load_average_1m"] = LoadAverage.Read(),
                ["load_average_before_sweep"] = loadBeforeSweep,
                ["load_average_max"] = loadAverage.Max,
                ["seed_s"] = Round(seedSeconds),
                ["first_row_gone_s"] = Round(firstRowGone!.Value),
                ["uploads_aborted_s"] = Round(uploadsDone!.Value),
                ["objects_expired_s"] = Round(objectsDone!.Value),
                ["blobs_deleted_s"] = Round(blobsDone.Value),
                // The worker aborts a bucket's uploads before it expires its objects: each rate over its own span.
                ["uploads_per_s"] = Round(rows / (uploadsDone.Value - firstRowGone.Value)),
                ["objects_per_s"] = Round(rows / (objectsDone.Value - Math.Max(uploadsDone.Value, firstRowGone.Value))),
                ["rows_per_s"] = Round(2.0 * rows / (Math.Max(uploadsDone.Value, objectsDone.Value) - firstRowGone.Value)),
                ["blobs_per_s"] = Round(2.0 * rows / (blobsDone.Value - firstRowGone.Value)),
                ["initiate_baseline"] = Describe(baseline),
                ["initiate_during_sweep"] = Describe(load),
            };
            var text = result.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
            Console.WriteLine(text);
            var stamp = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
            var results = Path.Combine(root, "bench", "results");
            Directory.CreateDirectory(results);
            await File.WriteAllTextAsync(Path.Combine(results, $"lifecycle-{stamp}.json"), text);
            await File.WriteAllTextAsync(Path.Combine(results, "lifecycle-latest.json"), text);
            return 0;
        }
        finally
        {
            if (silo is { HasExited: false })
            {
                silo.Kill(entireProcessTree: true);
            }

            if (pgDir is not null)
            {
                await Shell.RunAsync(Path.Combine(root, "scripts", "postgres.sh"), $"stop {pgDir}");
            }

            Directory.Delete(work, recursive: true);
        }
    }

    private static double Round(double value) => Math.Round(value, 1);

    private static JsonObject Describe((Latencies Latencies, double Seconds) run) => new()
    {
        ["requests"] = run.Latencies.Count,
        ["per_s"] = Round(run.Latencies.Count / run.Seconds),
        ["p50_ms"] = Round(run.Latencies.Percentile(0.50)),
        ["p99_ms"] = Round(run.Latencies.Percentile(0.99)),
    };

    /// <summary>Initiates into <see cref="LoadBucket"/>, <see cref="LoadConnections"/> at a time, until the time is up or <paramref name="stop"/>.</summary>
    private static async Task<(Latencies, double Seconds)> LoadAsync(SigV4Client client, TimeSpan duration, CancellationToken stop)
    {
        var latencies = new Latencies();
        var until = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, LoadConnections).Select(async worker =>
        {
            for (var i = 0; until.Elapsed < duration && !stop.IsCancellationRequested; i++)
            {
                var one = Stopwatch.StartNew();
                await client.InitiateAsync(LoadBucket, $"w{worker}/k{i}");
                latencies.Add(one.Elapsed);
            }
        }));
        return (latencies, until.Elapsed.TotalSeconds);
    }

    /// <summary>Writes the rows as a month-old bucket would hold them: uploads with one part each, objects of one part; returns the blob IDs.</summary>
    private static async Task<List<string>> SeedAsync(string connection, int rows)
    {
        var old = DateTimeOffset.UtcNow.AddDays(-30).ToUnixTimeMilliseconds();
        await using var c = new NpgsqlConnection(connection);
        await c.OpenAsync();
        const int chunk = 100_000;
        for (var from = 1; from <= rows; from += chunk)
        {
            var to = Math.Min(rows, from + chunk - 1);
            await using var command = new NpgsqlCommand(
                """
                INSERT INTO uploads (upload_id, bucket, object_key, state, initiated_ms, settings)
                  SELECT 'u' || lpad(g::text, 9, '0'), @bucket, 'tmp/u' || g, 0, @old + g, '{}' FROM generate_series(@from, @to) g;
                INSERT INTO parts (source_id, part_number, size, etag, blob_id, created_ms)
                  SELECT 'u' || lpad(g::text, 9, '0'), 1, 1, md5('e' || g), md5('upload-blob-' || g), @old FROM generate_series(@from, @to) g;
                INSERT INTO objects (bucket, object_key, source_id, size, etag, parts_count, modified_ms, settings)
                  SELECT @bucket, 'logs/o' || g, 'o' || lpad(g::text, 9, '0'), 1, md5('e' || g), 0, @old + g, '{}' FROM generate_series(@from, @to) g;
                INSERT INTO parts (source_id, part_number, size, etag, blob_id, created_ms)
                  SELECT 'o' || lpad(g::text, 9, '0'), 1, 1, md5('e' || g), md5('object-blob-' || g), @old FROM generate_series(@from, @to) g;
                """, c)
            { CommandTimeout = 600 };
            command.Parameters.AddWithValue("bucket", Bucket);
            command.Parameters.AddWithValue("old", old);
            command.Parameters.AddWithValue("from", from);
            command.Parameters.AddWithValue("to", to);
            await command.ExecuteNonQueryAsync();
        }

        await using var analyze = new NpgsqlCommand("ANALYZE", c) { CommandTimeout = 600 };
        await analyze.ExecuteNonQueryAsync();
        await using var ids = new NpgsqlCommand("SELECT blob_id FROM parts WHERE source_id LIKE 'u%' OR source_id LIKE 'o%'", c) { CommandTimeout = 600 };
        var list = new List<string>(2 * rows);
        await using var reader = await ids.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            list.Add(reader.GetString(0));
        }

        return list;
    }

    private static async Task WriteBlobsAsync(string blobRoot, List<string> blobIds)
    {
        for (var i = 0; i < 256; i++)
        {
            Directory.CreateDirectory(Path.Combine(blobRoot, i.ToString("x2", CultureInfo.InvariantCulture)));
        }

        await Parallel.ForEachAsync(blobIds, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (id, ct) =>
            await File.WriteAllBytesAsync(Path.Combine(blobRoot, id[..2], id), [1], ct));
    }

    private static int CountFiles(string blobRoot) => Directory.EnumerateFiles(blobRoot, "*", SearchOption.AllDirectories).Count();

    private static async Task<(long Uploads, long Objects, long Garbage)> CountAsync(string connection)
    {
        await using var c = new NpgsqlConnection(connection);
        await c.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT (SELECT COUNT(*) FROM uploads WHERE bucket = @bucket AND state = 0), (SELECT COUNT(*) FROM objects WHERE bucket = @bucket), (SELECT COUNT(*) FROM garbage)", c);
        command.Parameters.AddWithValue("bucket", Bucket);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }
}
