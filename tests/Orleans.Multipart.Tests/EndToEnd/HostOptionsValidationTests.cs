using Microsoft.Extensions.Options;
using Orleans.Multipart.Silo.Hosting;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// The hosting sections (Storage, Orleans, Shutdown, Telemetry, Dashboard, the S3 blob backend) are
/// refused when the service is built or, at the latest, when it starts, each with a message naming the
/// setting, instead of failing later at the first request, probe or stop.
/// </summary>
public sealed class HostOptionsValidationTests
{
    [Theory]
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
    public async Task AnInvalidHostingSettingStopsTheStart(string setting, string value, string failure)
    {
        var dataPath = Path.Combine(Path.GetTempPath(), "omp-test-" + Guid.NewGuid().ToString("N")[..12]);
        using var ports = new HeldPorts(2); // never bound: every case is refused before the listeners start
        try
        {
            var ex = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
            {
                await using var app = SiloApplication.Build(
                [
                    "--urls", "http://127.0.0.1:0", "--environment", "Production", "--Storage:Provider", "Sqlite", "--Storage:DataPath", dataPath,
                    "--Auth:RootAccessKey", ServiceHost.AccessKey, "--Auth:RootSecretKey", ServiceHost.SecretKey,
                    "--Orleans:SiloPort", ports[0].ToString(System.Globalization.CultureInfo.InvariantCulture),
                    "--Orleans:GatewayPort", ports[1].ToString(System.Globalization.CultureInfo.InvariantCulture),
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
