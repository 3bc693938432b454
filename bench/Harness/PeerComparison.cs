using System.Text.Json.Nodes;

namespace Orleans.Multipart.Bench.Harness;

/// <summary>
/// Issue 20's side-by-side figures: the service on PostgreSQL, the service on SQLite and Ceph RGW,
/// one load generator, interleaved (each step runs on every server before the next step), so each
/// ratio compares figures taken minutes apart on the same machine. Quick mode scales the counts
/// and the GET object down (the table says to what).
/// </summary>
public static class PeerComparison
{
    public const string Bucket = "bench";

    public static async Task RunAsync(ServerUnderTest pg, ServerUnderTest sqlite, ServerUnderTest rgw, RgwPeer peer, string pgBlobDirectory, bool quick, Action<string> step, JsonObject results)
    {
        void Record(string key, double value) => results[key] = Math.Round(value, 3);
        ServerUnderTest[] all = [pg, sqlite, rgw];

        // 1. Server CPU per CreateMultipartUpload at 1, 8 and 32 concurrent, and the rate at 32.
        foreach (var (concurrency, count) in quick ? new[] { (1, 200), (8, 600), (32, 1500) } : [(1, 1000), (8, 3000), (32, 6000)])
        {
            foreach (var server in all)
            {
                step($"CPU per initiate: {server.Client.Name}, {count} initiates, {concurrency} concurrent");
                var r = await InitiateCpu.MeasureAsync(server, Bucket, concurrency, count, new Progress("initiates"));
                Progress.Done();
                Record($"{server.Prefix}initiate_c{concurrency}_per_s", r.PerSecond);
                Record($"{server.Prefix}initiate_c{concurrency}_p50_ms", r.P50Ms);
                Record($"{server.Prefix}cpu_ms_per_initiate_c{concurrency}", r.ServerCpuMs);
                Record($"{server.Prefix}idle_cpu_ms_per_s_c{concurrency}", r.IdleCpuMsPerSecond);
                if (r.StorageCpuMs is { } storage)
                {
                    Record($"{server.Prefix}osd_cpu_ms_per_initiate_c{concurrency}", storage);
                }
            }
        }

        // 2. 4 KiB parts into one upload, 16 at a time, then the Complete of them all.
        var smallParts = quick ? 1000 : 10_000;
        Record("small_parts_count", smallParts);
        foreach (var server in all)
        {
            step($"small parts: {server.Client.Name}, {smallParts} x 4 KiB, 16 in parallel, then Complete");
            var r = await SmallParts.RunAsync(server.Client, Bucket, smallParts, 16, new Progress("parts", smallParts));
            Progress.Done();
            Record($"{server.Prefix}small_parts_per_s", r.PartsPerSecond);
            Record($"{server.Prefix}small_part_p50_ms", r.P50Ms);
            Record($"{server.Prefix}small_part_p99_ms", r.P99Ms);
            Record($"{server.Prefix}small_parts_complete_ms", r.CompleteMs);
        }

        // 3. One-stream GET of a large multipart object (the service on PostgreSQL and RGW), and dd of its blobs.
        var getParts = quick ? 4 : 16;
        var bytes = (long)getParts * LargeGet.PartSize;
        Record("get_object_mib", bytes / (1024 * 1024));
        var since = DateTime.UtcNow.AddSeconds(-2);
        step($"large GET: uploading {getParts} x 64 MiB to {pg.Client.Name} and {rgw.Client.Name}");
        var pgKey = await LargeGet.UploadAsync(pg.Client, Bucket, getParts, new Progress("parts", getParts));
        var rgwKey = await LargeGet.UploadAsync(rgw.Client, Bucket, getParts, new Progress("parts", getParts));
        Progress.Done();
        var blobs = LargeGet.BlobFilesSince(pgBlobDirectory, since, getParts);
        var best = new Dictionary<string, double>();
        void Keep(string key, double value) => best[key] = Math.Max(best.GetValueOrDefault(key), value);
        for (var round = 1; round <= (quick ? 1 : 2); round++)
        {
            step($"large GET round {round}: {pg.Client.Name}, {rgw.Client.Name}, dd of the blobs; cold, then warm");
            await LargeGet.DropCacheAsync(blobs);
            Keep("get_mb_per_s", await LargeGet.GetMbPerSecondAsync(pg.Client, Bucket, pgKey, bytes));
            Keep("get_warm_mb_per_s", await LargeGet.GetMbPerSecondAsync(pg.Client, Bucket, pgKey, bytes));
            await LargeGet.DropCacheAsync([peer.BlockFile]);
            Keep("rgw_get_mb_per_s", await LargeGet.GetMbPerSecondAsync(rgw.Client, Bucket, rgwKey, bytes));
            Keep("rgw_get_warm_mb_per_s", await LargeGet.GetMbPerSecondAsync(rgw.Client, Bucket, rgwKey, bytes));
            await LargeGet.DropCacheAsync(blobs);
            Keep("blob_dd_mb_per_s", await LargeGet.DdMbPerSecondAsync(blobs));
            Keep("blob_dd_warm_mb_per_s", await LargeGet.DdMbPerSecondAsync(blobs));
        }

        foreach (var (key, value) in best)
        {
            Record(key, value);
        }

        double R(string a, string b) => (double)results[a]! / (double)results[b]!;
        Record("initiate_c32_ratio_vs_rgw", R("initiate_c32_per_s", "rgw_initiate_c32_per_s"));
        foreach (var concurrency in new[] { 1, 8, 32 })
        {
            Record($"cpu_per_initiate_ratio_vs_rgw_c{concurrency}", R($"cpu_ms_per_initiate_c{concurrency}", $"rgw_cpu_ms_per_initiate_c{concurrency}"));
        }

        // The headline CPU ratio is the worst (highest) of the three concurrencies.
        Record("cpu_per_initiate_ratio_vs_rgw", new[] { 1, 8, 32 }.Max(c => (double)results[$"cpu_per_initiate_ratio_vs_rgw_c{c}"]!));
        Record("small_parts_ratio_vs_sqlite", R("small_parts_per_s", "sqlite_small_parts_per_s"));
        Record("small_parts_ratio_vs_rgw", R("small_parts_per_s", "rgw_small_parts_per_s"));
        Record("complete_time_ratio_vs_rgw", R("small_parts_complete_ms", "rgw_small_parts_complete_ms"));
        Record("get_ratio_vs_rgw", R("get_mb_per_s", "rgw_get_mb_per_s"));
        Record("get_ratio_vs_dd", R("get_mb_per_s", "blob_dd_mb_per_s"));
        Record("get_warm_ratio_vs_rgw", R("get_warm_mb_per_s", "rgw_get_warm_mb_per_s"));
        Record("get_warm_ratio_vs_dd", R("get_warm_mb_per_s", "blob_dd_warm_mb_per_s"));
    }
}
