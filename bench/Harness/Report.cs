using System.Globalization;
using System.Text.Json.Nodes;

namespace Orleans.Multipart.Bench.Harness;

/// <summary>The table printed at the end: each figure beside its reference and the target.</summary>
public static class Report
{
    private static readonly (string Figure, string Reference, string Ratio, string Target, string P50, string P99)[] Rows =
    [
        ("initiate_per_s", "pg_insert_tps", "initiate_ratio_vs_pg", ">= 0.25", "initiate_p50_ms", "initiate_p99_ms"),
        ("initiate_per_s", "peer_initiate_per_s", "initiate_ratio_vs_peer", ">= 5", "peer_initiate_p50_ms", "peer_initiate_p99_ms"),
        ("part_mb_per_s", "disk_mb_per_s", "part_ratio_vs_disk", ">= 0.75", "part_p50_ms", "part_p99_ms"),
        ("part_mb_per_s", "peer_part_mb_per_s", "part_ratio_vs_peer", ">= 2", "peer_part_p50_ms", "peer_part_p99_ms"),
        ("sqlite_initiate_per_s", "", "", "", "sqlite_initiate_p50_ms", "sqlite_initiate_p99_ms"),
        ("sqlite_part_mb_per_s", "disk_mb_per_s", "sqlite_part_ratio_vs_disk", "", "sqlite_part_p50_ms", "sqlite_part_p99_ms"),
        ("complete_ms_1000", "", "", "", "", ""),
        ("complete_ms_10000", "", "", "<= 1000", "", ""),
        ("grain_calls_per_s_local", "", "", "", "grain_call_p50_ms", "grain_call_p99_ms"),
        ("grain_calls_per_s_cross_silo", "", "", "", "grain_call_cross_silo_p50_ms", "grain_call_cross_silo_p99_ms"),
        ("activation_bytes", "", "", "", "", ""),
        ("cluster3_initiate_per_s", "initiate_per_s", "cluster3_initiate_ratio_vs_1", "", "cluster3_initiate_p50_ms", "cluster3_initiate_p99_ms"),
        ("cluster3_part_mb_per_s", "part_mb_per_s", "cluster3_part_ratio_vs_1", "", "cluster3_part_p50_ms", "cluster3_part_p99_ms"),
        ("gateway_initiate_per_s", "cohosted_initiate_per_s", "gateway_initiate_ratio_vs_cohosted", "", "gateway_initiate_p50_ms", "gateway_initiate_p99_ms"),
        ("grain_calls_per_s_cross_process", "grain_calls_per_s_cross_silo", "cross_process_ratio_vs_in_process", "", "grain_call_cross_process_p50_ms", "grain_call_cross_process_p99_ms"),
        ("reminder_registrations_per_s", "initiate_per_s", "", "", "reminder_registration_p50_ms", "reminder_registration_p99_ms"),
    ];

    public static void Print(JsonObject results)
    {
        string V(string key) => key.Length > 0 && results[key] is JsonValue v ? v.GetValue<double>().ToString("0.###", CultureInfo.InvariantCulture) : "";
        Console.WriteLine();
        Console.WriteLine($"{"figure",-32} {"value",12} {"reference",-28} {"ref value",12} {"ratio",-34} {"ratio",8} {"target",8} {"p50 ms",9} {"p99 ms",9}");
        foreach (var row in Rows)
        {
            Console.WriteLine($"{row.Figure,-32} {V(row.Figure),12} {row.Reference,-28} {V(row.Reference),12} {row.Ratio,-34} {V(row.Ratio),8} {row.Target,8} {V(row.P50),9} {V(row.P99),9}");
        }

        Console.WriteLine();
        Console.WriteLine($"client CPU share: initiate {V("initiate_client_cpu_share")}, parts {V("part_client_cpu_share")} (fraction of all cores used by the load generator)");
    }
}
