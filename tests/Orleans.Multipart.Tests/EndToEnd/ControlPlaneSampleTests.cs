using System.Diagnostics;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// The README's ControlPlane command names the cluster as the silos do (Orleans:ClusterId from the
/// environment or the command line), and against a cluster it cannot reach it fails within seconds,
/// saying which cluster and which gateways it tried, instead of hanging.
/// </summary>
public sealed class ControlPlaneSampleTests : IAsyncLifetime
{
    private readonly string _clusterId = "cp-" + Guid.NewGuid().ToString("N")[..8];
    private ServiceHost _host = null!;

    private static string Sample => Path.Combine(ProcessCluster.RepositoryRoot, "samples", "ControlPlane", "bin", "Release", "net10.0", "Orleans.Multipart.Samples.ControlPlane.dll");

    public async Task InitializeAsync() =>
        _host = await ServiceHost.StartAsync(StoreKind.Postgres, new Dictionary<string, string> { ["Orleans:ClusterId"] = _clusterId });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    /// <summary>The sample acts as the service's root account (an administrator) through the client library's settings.</summary>
    private static Dictionary<string, string> Account(Dictionary<string, string>? more = null)
    {
        var environment = new Dictionary<string, string>(more ?? [])
        {
            ["MultipartClient__AccessKeyId"] = ServiceHost.AccessKey,
            ["MultipartClient__SecretKey"] = ServiceHost.SecretKey,
        };
        return environment;
    }

    [Fact]
    public async Task TheClusterIdComesFromTheSilosConfigurationKeys()
    {
        var fromEnvironment = await ExternalClient.RunAsync("dotnet", [Sample, _host.PostgresConnectionString!, "cp-env"], Account(new Dictionary<string, string> { ["Orleans__ClusterId"] = _clusterId }));
        Assert.True(fromEnvironment.ExitCode == 0, fromEnvironment.Output);
        Assert.Contains("bucket cp-env rule Exclusive", fromEnvironment.Stdout);

        var fromCommandLine = await ExternalClient.RunAsync("dotnet", [Sample, _host.PostgresConnectionString!, "cp-args", "--Orleans:ClusterId", _clusterId], Account());
        Assert.True(fromCommandLine.ExitCode == 0, fromCommandLine.Output);
        Assert.Contains("second initiate refused UploadInProgress", fromCommandLine.Stdout);
    }

    [Fact]
    public async Task AnUnreachableClusterFailsWithinSecondsNamingWhatItTried()
    {
        var clock = Stopwatch.StartNew();
        var result = await ExternalClient.RunAsync("dotnet", [Sample, _host.PostgresConnectionString!, "cp-none", "--Orleans:ClusterId", "no-such-cluster", "--Orleans:ConnectTimeout", "00:00:05"], Account());
        clock.Stop();

        Assert.True(result.ExitCode == 1, result.Output);
        Assert.True(result.Stderr.Contains("could not reach cluster 'no-such-cluster'", StringComparison.Ordinal), result.Output);
        Assert.True(result.Stderr.Contains("gateways tried for cluster 'no-such-cluster': none registered", StringComparison.Ordinal), result.Output);
        Assert.True(result.Stderr.Contains($"clusters with active silos in this database: {_clusterId}", StringComparison.Ordinal), result.Output);
        // Five seconds of trying plus a process start on a loaded machine; it used to wait forever.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
    }
}
