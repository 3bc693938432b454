using System.Text.Json.Nodes;

namespace Orleans.Multipart.Bench.Harness;

/// <summary>What the run was measured on.</summary>
public static class Machine
{
    public static async Task<JsonObject> DescribeAsync(string workDir, string pgBin, string peerDir)
    {
        var memory = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        return new JsonObject
        {
            ["cores"] = Environment.ProcessorCount,
            ["memory_bytes"] = memory is null ? null : long.Parse(memory, System.Globalization.CultureInfo.InvariantCulture) * 1024,
            ["disk"] = (await Try("df", $"-h --output=source,fstype,size,avail {workDir}")).Trim(),
            ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
            ["dotnet"] = Environment.Version.ToString(),
            ["postgres"] = (await Try(Path.Combine(pgBin, "postgres"), "--version")).Trim(),
            ["node"] = (await Try("node", "--version")).Trim(),
            ["s3rver"] = (await Try("node", $"{Path.Combine(peerDir, "node_modules", "s3rver", "bin", "s3rver.js")} --version")).Trim(),
        };
    }

    private static async Task<string> Try(string file, string args)
    {
        try
        {
            return await Shell.RunAsync(file, args);
        }
        catch (Exception ex)
        {
            return "unknown: " + ex.Message.Split('\n')[0];
        }
    }
}
