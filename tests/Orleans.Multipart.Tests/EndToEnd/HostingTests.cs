using System.Net;
using Microsoft.Extensions.Options;
using Orleans.Multipart.Silo.Hosting;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>The probes a deployment uses, and a Gateway section the service refuses at start instead of at the first request.</summary>
public sealed class HostingTests
{
    [Fact]
    public async Task ProbesAnswerOkAndReady()
    {
        await using var host = await ServiceHost.StartAsync(StoreKind.Sqlite);
        using var http = host.CreateHttpClient();
        foreach (var (path, text) in new[] { ("/healthz", "ok"), ("/readyz", "ready") })
        {
            using var response = await http.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(text, await response.Content.ReadAsStringAsync());
            Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Theory]
    [InlineData("Gateway:MaxPartSize", "0", "Gateway:MaxPartSize must be positive.")]
    [InlineData("Gateway:MaxPartSize", "5368709121", "Gateway:MaxPartSize must be at most 5368709120 (the grains' limit).")]
    [InlineData("Gateway:MaxObjectSize", "5368709121", "Gateway:MaxObjectSize must be at most 5368709120 (the grains' limit).")]
    [InlineData("Gateway:MaxRequestDocumentBytes", "-1", "Gateway:MaxRequestDocumentBytes must be positive.")]
    [InlineData("Gateway:MinPartSize", "-5", "Gateway:MinPartSize must be between 0 and Gateway:MaxPartSize.")]
    [InlineData("Gateway:BodyIdleTimeout", "00:00:00", "Gateway:BodyIdleTimeout must be positive.")]
    [InlineData("Gateway:Dialects:0:Port", "70000", "Gateway:Dialects:0:Port must be a TCP port (1-65535).")]
    public async Task AnInvalidGatewaySettingStopsTheStart(string setting, string value, string failure)
    {
        var dataPath = Path.Combine(Path.GetTempPath(), "omp-test-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            // Refused while the app is built (the gateway reads its options when it maps its endpoint) or, at the latest, when it starts.
            var ex = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
            {
                await using var app = SiloApplication.Build(
                [
                    "--urls", "http://127.0.0.1:0", "--environment", "Production", "--Storage:Provider", "Sqlite", "--Storage:DataPath", dataPath,
                    "--Auth:RootAccessKey", ServiceHost.AccessKey, "--Auth:RootSecretKey", ServiceHost.SecretKey,
                    "--Logging:LogLevel:Default", "None", "--" + setting, value,
                ]);
                await app.StartAsync();
                await app.StopAsync();
            });
            Assert.Contains(failure, ex.Failures);
        }
        finally
        {
            if (Directory.Exists(dataPath))
            {
                Directory.Delete(dataPath, recursive: true);
            }
        }
    }
}
