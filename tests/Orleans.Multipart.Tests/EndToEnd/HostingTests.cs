using System.Net;
using Microsoft.Extensions.Options;
using Orleans.Multipart.Silo.Hosting;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// The probes a deployment uses, and settings the service refuses at start, each with a message naming it,
/// instead of failing at the first request, probe or stop: the Gateway section and the hosting sections
/// (Storage, Orleans, Shutdown, Telemetry, Dashboard, the S3 blob backend).
/// </summary>
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
    [InlineData("Storage:Provider", "Oracle", "Storage:Provider must be Sqlite or Postgres, not 'Oracle'.")]
    [InlineData("Storage:Provider", "Postgres", "Storage:Provider is Postgres but ConnectionStrings:Postgres is empty.")]
    [InlineData("Orleans:SiloPort", "0", "Orleans:SiloPort must be a TCP port (1-65535).")]
    [InlineData("Orleans:GatewayPort", "65536", "Orleans:GatewayPort must be a TCP port (1-65535).")]
    [InlineData("Orleans:ClusterId", " ", "Orleans:ClusterId must not be empty.")]
    [InlineData("Orleans:AdvertisedIPAddress", "silo-1.example", "Orleans:AdvertisedIPAddress must be an IP address, not 'silo-1.example'.")]
    [InlineData("Shutdown:Timeout", "00:00:00", "Shutdown:Timeout must be positive.")]
    [InlineData("Shutdown:DrainDelay", "-00:00:01", "Shutdown:DrainDelay must not be negative.")]
    [InlineData("Telemetry:PrometheusPath", "metrics", "Telemetry:PrometheusPath must start with '/' (or be empty to turn the scrape endpoint off).")]
    [InlineData("Dashboard:Port", "70000", "Dashboard:Port must be a TCP port (1-65535).")]
    [InlineData("Dashboard:Path", "dashboard", "Dashboard:Path must start with '/'.")]
    [InlineData("Storage:Blobs:Provider", "S3", "Storage:Blobs:S3:Bucket is required when Storage:Blobs:Provider is S3.")]
    [InlineData("StaleUploads:RefreshPeriod", "00:00:00", "StaleUploads:RefreshPeriod must be from 00:00:01 to 1.00:00:00.")]
    [InlineData("StaleUploads:TopBuckets", "0", "StaleUploads:TopBuckets must be from 1 to 1000.")]
    [InlineData("StaleUploads:WarnAboveBytes", "-1", "StaleUploads:WarnAboveBytes must be 0 (no warning) or a number of bytes.")]
    public async Task AnInvalidSettingStopsTheStart(string setting, string value, string failure)
    {
        var dataPath = Path.Combine(Path.GetTempPath(), "omp-test-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            // Refused while the app is built (the gateway reads its options when it maps its endpoint; the
            // hosts read the sections that decide their registrations) or, at the latest, when it starts,
            // before Orleans or Kestrel binds a port.
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
