using System.Text.Json.Nodes;

namespace Orleans.Multipart.Tests.Infrastructure;

/// <summary>Runs the built omp-admin (Admin.Cli's output, same configuration as the tests) as a process against a service.</summary>
public sealed class AdminCli(Uri endpoint, string accessKey = ServiceHost.AccessKey, string secretKey = ServiceHost.SecretKey)
{
    /// <summary>Everything every run printed, for tests that look for what must never be printed.</summary>
    public List<ExternalClient.Result> Runs { get; } = [];

    public static string Dll
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
            var dll = Path.Combine(ProcessCluster.RepositoryRoot, "Admin.Cli", "bin", configuration, "net10.0", "omp-admin.dll");
            return File.Exists(dll) ? dll : throw new InvalidOperationException($"{dll} is not built (the test project builds Admin.Cli first).");
        }
    }

    /// <summary>Runs <c>omp-admin --endpoint ... args</c> with the key in the environment (as the README advises).</summary>
    public async Task<ExternalClient.Result> RunAsync(params string[] args)
    {
        var result = await ExternalClient.RunAsync("dotnet", [Dll, "--endpoint", endpoint.ToString(), .. args], new Dictionary<string, string>
        {
            ["OMP_ADMIN_ACCESS_KEY"] = accessKey,
            ["OMP_ADMIN_SECRET_KEY"] = secretKey,
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["COLUMNS"] = "200",
        });
        Runs.Add(result);
        return result;
    }

    /// <summary>Runs with <c>--json</c>, expects exit code 0, and parses what it printed.</summary>
    public async Task<JsonNode?> JsonAsync(params string[] args)
    {
        var result = await RunAsync([.. args, "--json"]);
        Assert.True(result.ExitCode == 0, $"omp-admin {string.Join(' ', args)} exited {result.ExitCode}: {result.Output}");
        return JsonNode.Parse(result.Stdout);
    }
}
