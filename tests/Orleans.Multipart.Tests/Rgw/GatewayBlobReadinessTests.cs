using System.Diagnostics;
using System.Globalization;
using System.Text;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.Rgw;

/// <summary>
/// A standalone gateway (the real process) writing part bytes to the S3 blob backend: its /readyz says 503,
/// naming the blob backend, while radosgw is stopped (its cluster still answers), so a load balancer takes
/// it out as it takes out a silo; once radosgw is back it is ready again by itself.
/// </summary>
[Collection(RgwCollection.Name)]
[Trait("Category", "Slow")]
public sealed class GatewayBlobReadinessTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task TheStandaloneGatewaysReadinessFollowsTheBlobBackend()
    {
        var settings = TestRgw.Settings(await TestRgw.CreateBucketAsync());
        await using var silo = await ServiceHost.StartAsync(StoreKind.Sqlite, settings);
        await using var gateway = await GatewayProcess.StartAsync(silo.OrleansGatewayPort, settings);
        using var http = new HttpClient { BaseAddress = gateway.BaseAddress, Timeout = TimeSpan.FromMinutes(1) };

        await gateway.WaitForReadyzAsync(http, 200, "ready");
        await TestRgw.StopGatewayAsync();
        try
        {
            await gateway.WaitForReadyzAsync(http, 503, "blob backend unreachable");
        }
        finally
        {
            await TestRgw.StartGatewayAsync();
        }

        await gateway.WaitForReadyzAsync(http, 200, "ready");
    }

    /// <summary>Orleans.Multipart.GatewayHost from the build output, an Orleans client of the silo on <c>Orleans:GatewayPort</c>.</summary>
    private sealed class GatewayProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();

        private GatewayProcess(Process process, Uri baseAddress)
        {
            _process = process;
            BaseAddress = baseAddress;
            _process.OutputDataReceived += (_, e) => Append(e.Data);
            _process.ErrorDataReceived += (_, e) => Append(e.Data);
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        public Uri BaseAddress { get; }

        public static Task<GatewayProcess> StartAsync(int siloGatewayPort, Dictionary<string, string> settings)
        {
            var dll = Path.Combine(ProcessCluster.RepositoryRoot, "GatewayHost", "bin", "Release", "net10.0", "Orleans.Multipart.GatewayHost.dll");
            Assert.True(File.Exists(dll), $"build the solution first: {dll} is missing");
            using var port = new HeldPorts(1);
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(dll)! };
            start.ArgumentList.Add(dll);
            start.Environment["urls"] = $"http://127.0.0.1:{port[0].ToString(CultureInfo.InvariantCulture)}";
            start.Environment["DOTNET_ENVIRONMENT"] = "Production";
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            start.Environment["DOTNET_gcServer"] = "0";
            start.Environment["Storage__Provider"] = "Sqlite";
            start.Environment["Orleans__GatewayPort"] = siloGatewayPort.ToString(CultureInfo.InvariantCulture);
            start.Environment["Auth__RootAccessKey"] = ServiceHost.AccessKey;
            start.Environment["Auth__RootSecretKey"] = ServiceHost.SecretKey;
            start.Environment["Shutdown__DrainDelay"] = "00:00:00";
            foreach (var (key, value) in settings)
            {
                start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
            }

            port.Release();
            return Task.FromResult(new GatewayProcess(Process.Start(start)!, new Uri($"http://127.0.0.1:{port[0].ToString(CultureInfo.InvariantCulture)}/")));
        }

        /// <summary>Polls /readyz until it answers <paramref name="status"/> with <paramref name="text"/> in its body.</summary>
        public async Task WaitForReadyzAsync(HttpClient http, int status, string text)
        {
            var deadline = DateTime.UtcNow + Patience;
            var last = "no answer";
            while (DateTime.UtcNow < deadline)
            {
                if (_process.HasExited)
                {
                    Assert.Fail($"the gateway exited ({_process.ExitCode}):\n{Output()}");
                }

                try
                {
                    using var response = await http.GetAsync("readyz");
                    var body = await response.Content.ReadAsStringAsync();
                    last = $"{(int)response.StatusCode} {body}";
                    if ((int)response.StatusCode == status && body.Contains(text, StringComparison.Ordinal))
                    {
                        return;
                    }
                }
                catch (HttpRequestException ex)
                {
                    last = ex.Message; // not listening yet
                }

                await Task.Delay(250);
            }

            Assert.Fail($"gateway /readyz never answered {status} \"{text}\" within {Patience}; last: {last}\n{Output()}");
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync();
            _process.Dispose();
        }

        private void Append(string? line)
        {
            if (line is not null)
            {
                lock (_output)
                {
                    _output.AppendLine(line);
                }
            }
        }

        private string Output()
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }
}
