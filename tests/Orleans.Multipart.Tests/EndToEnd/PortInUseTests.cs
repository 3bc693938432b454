using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// A port the service must listen on is already taken (another silo on the machine): the real process
/// (the build output, as the image runs it) says which port and which setting in one line and exits
/// non-zero, instead of Orleans' lifecycle stack trace and an abort.
/// </summary>
public sealed class PortInUseTests
{
    [Theory]
    [InlineData("Orleans.Multipart.Silo", "Orleans:SiloPort")]
    [InlineData("Orleans.Multipart.Silo", "Orleans:GatewayPort")]
    [InlineData("Orleans.Multipart.Silo", "urls")]
    public async Task ATakenPortIsNamedInOneLineAndTheProcessExitsNonZero(string program, string setting)
    {
        // The taken port: held by this test until the process has exited.
        using var taken = new TcpListener(IPAddress.Any, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        using var ports = new HeldPorts(2);
        var data = Path.Combine(Path.GetTempPath(), "omp-test-" + Guid.NewGuid().ToString("N")[..12]);
        var settings = new Dictionary<string, string>
        {
            ["Orleans__SiloPort"] = (setting == "Orleans:SiloPort" ? port : ports[0]).ToString(CultureInfo.InvariantCulture),
            ["Orleans__GatewayPort"] = (setting == "Orleans:GatewayPort" ? port : ports[1]).ToString(CultureInfo.InvariantCulture),
            // The other ports are free: the HTTP one is the kernel's choice.
            ["urls"] = setting == "urls" ? $"http://127.0.0.1:{port}" : "http://127.0.0.1:0",
        };
        ports.Release();

        try
        {
            var (exitCode, output) = await RunAsync(program, settings, data);
            var expected = setting == "urls"
                ? $"port {port} (urls http://127.0.0.1:{port}) is in use"
                : $"port {port} ({setting}) is in use";
            Assert.True(exitCode == 1 && output.Contains(expected, StringComparison.Ordinal),
                $"exit code {exitCode}, expected 1 and \"{expected}\" in:\n{output}");
            Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, Dictionary<string, string> settings, string data)
    {
        var dll = Path.Combine(ProcessCluster.RepositoryRoot, program == "Orleans.Multipart.Silo" ? "Silo" : "GatewayHost", "bin", BuildConfiguration, "net10.0", program + ".dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(dll)! };
        start.ArgumentList.Add(dll);
        start.Environment["Storage__Provider"] = "Sqlite";
        start.Environment["Storage__DataPath"] = data;
        start.Environment["Auth__RootAccessKey"] = ServiceHost.AccessKey;
        start.Environment["Auth__RootSecretKey"] = ServiceHost.SecretKey;
        start.Environment["DOTNET_gcServer"] = "0";
        foreach (var (name, value) in settings)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return (-1, "still running after 2 minutes (it did not notice the taken port):\n" + await stdout + await stderr);
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>The build configuration this test assembly was built in (the services' output sits beside it in the same one).</summary>
    private static string BuildConfiguration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
}
