using System.Globalization;
using System.Text.Json.Nodes;

namespace Orleans.Multipart.Bench.Harness;

/// <summary>
/// Issue 20's table, printed after the main one: each figure on the service (PostgreSQL, SQLite) and
/// on Ceph RGW, the ratio that is held and its goal, and whether this run met it.
/// </summary>
public static class PeerTable
{
    // Goal: the key it applies to (the ratio unless said), ">=" or "<=", the bound.
    private sealed record Row(string Figure, string Pg, string Sqlite, string Rgw, string Ratio, string GoalKey = "", string Op = "", double Bound = 0);

    private static readonly Row[] Rows =
    [
        new("CreateMultipartUpload/s, 32 concurrent", "initiate_c32_per_s", "sqlite_initiate_c32_per_s", "rgw_initiate_c32_per_s", "initiate_c32_ratio_vs_rgw", "initiate_c32_ratio_vs_rgw", ">=", 5),
        new("initiate/s, 64 conn. / pgbench INSERT/s", "initiate_per_s", "sqlite_initiate_per_s", "", "initiate_ratio_vs_pg", "initiate_ratio_vs_pg", ">=", 0.5),
        new("server CPU ms / initiate, 1 concurrent", "cpu_ms_per_initiate_c1", "sqlite_cpu_ms_per_initiate_c1", "rgw_cpu_ms_per_initiate_c1", "cpu_per_initiate_ratio_vs_rgw_c1", "cpu_ms_per_initiate_c1", "<=", 0.6),
        new("server CPU ms / initiate, 8 concurrent", "cpu_ms_per_initiate_c8", "sqlite_cpu_ms_per_initiate_c8", "rgw_cpu_ms_per_initiate_c8", "cpu_per_initiate_ratio_vs_rgw_c8", "cpu_ms_per_initiate_c8", "<=", 0.6),
        new("server CPU ms / initiate, 32 concurrent", "cpu_ms_per_initiate_c32", "sqlite_cpu_ms_per_initiate_c32", "rgw_cpu_ms_per_initiate_c32", "cpu_per_initiate_ratio_vs_rgw_c32", "cpu_ms_per_initiate_c32", "<=", 0.6),
        new("  RGW's OSD CPU ms / initiate, 32 conc.", "", "", "rgw_osd_cpu_ms_per_initiate_c32", ""),
        new("  idle server CPU ms/s (before the 1 conc. run)", "idle_cpu_ms_per_s_c1", "sqlite_idle_cpu_ms_per_s_c1", "rgw_idle_cpu_ms_per_s_c1", ""),
        new("UploadPart 16 x 8 MiB in parallel, MB/s", "part_mb_per_s", "sqlite_part_mb_per_s", "rgw_part_mb_per_s", "part_ratio_vs_rgw"),
        new("GET {get} MiB, one stream, cold, MB/s", "get_mb_per_s", "", "rgw_get_mb_per_s", "get_ratio_vs_rgw", "get_ratio_vs_rgw", ">=", 1.2),
        new("  the same / dd of its blob files (cold)", "get_mb_per_s", "", "blob_dd_mb_per_s", "get_ratio_vs_dd", "get_ratio_vs_dd", ">=", 0.8),
        new("GET {get} MiB, one stream, warm, MB/s", "get_warm_mb_per_s", "", "rgw_get_warm_mb_per_s", "get_warm_ratio_vs_rgw"),
        new("  the same / dd of its blob files (warm)", "get_warm_mb_per_s", "", "blob_dd_warm_mb_per_s", "get_warm_ratio_vs_dd"),
        new("{parts} x 4 KiB UploadPart, 16 conc., parts/s", "small_parts_per_s", "sqlite_small_parts_per_s", "rgw_small_parts_per_s", "small_parts_ratio_vs_rgw", "small_parts_ratio_vs_rgw", ">=", 2),
        new("  PostgreSQL / SQLite", "small_parts_per_s", "sqlite_small_parts_per_s", "", "small_parts_ratio_vs_sqlite", "small_parts_ratio_vs_sqlite", ">=", 1),
        new("  per-part p50 ms", "small_part_p50_ms", "sqlite_small_part_p50_ms", "rgw_small_part_p50_ms", ""),
        new("Complete of {parts} parts, ms (time ratio)", "small_parts_complete_ms", "sqlite_small_parts_complete_ms", "rgw_small_parts_complete_ms", "complete_time_ratio_vs_rgw"),
        new("3 co-hosted silos / 1 silo, initiate/s", "cluster3_initiate_per_s", "", "single_initiate_per_s", "cluster3_initiate_ratio_vs_1", "cluster3_initiate_ratio_vs_1", ">=", 0.8),
    ];

    public static void Print(JsonObject results)
    {
        double? N(string key) => key.Length > 0 && results[key] is JsonValue v ? v.GetValue<double>() : null;
        string V(string key) => N(key)?.ToString("0.###", CultureInfo.InvariantCulture) ?? "";
        Console.WriteLine();
        Console.WriteLine($"issue 20: the service beside Ceph RGW ({results["mode"]} run; load average {V("load_avg_start")} at start, {V("load_avg_max")} at most, {V("load_avg_end")} at end, {Environment.ProcessorCount} cores)");
        Console.WriteLine($"{"figure",-46} {"PostgreSQL",11} {"SQLite",10} {"RGW / ref",10}  {"ratio",-34} {"value",7} {"goal",-22} {"met",4}");
        foreach (var row in Rows)
        {
            var figure = row.Figure.Replace("{get}", V("get_object_mib"), StringComparison.Ordinal).Replace("{parts}", V("small_parts_count"), StringComparison.Ordinal);
            var goal = row.Op.Length == 0 ? "" : $"{(row.GoalKey == row.Ratio ? "ratio" : "PostgreSQL")} {row.Op} {row.Bound.ToString(CultureInfo.InvariantCulture)}";
            var met = row.Op.Length == 0 || N(row.GoalKey) is not { } value ? "" : (row.Op == ">=" ? value >= row.Bound : value <= row.Bound) ? "yes" : "NO";
            Console.WriteLine($"{figure,-46} {V(row.Pg),11} {V(row.Sqlite),10} {V(row.Rgw),10}  {row.Ratio,-34} {V(row.Ratio),7} {goal,-22} {met,4}");
        }
    }
}
