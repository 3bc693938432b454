using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Orleans.Multipart.Silo.Hosting;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// The silo's start-up lines name the access key and where the secret key was configured, never the
/// secret itself, in Development (where it used to print the secret) and in Production.
/// </summary>
public sealed class StartupLogTests
{
    [Theory]
    [InlineData("Development", LogLevel.Warning)]
    [InlineData("Production", LogLevel.Information)]
    public async Task NoLogLineHoldsTheSecretKey(string environment, LogLevel level)
    {
        var secret = "startup-secret-" + Guid.NewGuid().ToString("N");
        var dataPath = Path.Combine(Path.GetTempPath(), "omp-startup-" + Guid.NewGuid().ToString("N")[..12]);
        var logs = new CapturingLoggerProvider();
        using var ports = new HeldPorts(2); // held until the silo binds them, so no other test is given them
        var app = SiloApplication.Build(
            [
                "--urls", "http://127.0.0.1:0",
                "--environment", environment,
                "--Storage:DataPath", dataPath,
                "--Auth:RootAccessKey", "startup-access-key",
                "--Auth:RootSecretKey", secret,
                "--Orleans:SiloPort", ports[0].ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--Orleans:GatewayPort", ports[1].ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--Orleans:AdvertisedIPAddress", "127.0.0.1",
                "--Shutdown:DrainDelay", "00:00:00",
            ],
            builder => builder.Logging.ClearProviders().AddProvider(logs)); // every line captured, none on the console
        try
        {
            ports.Release();
            await app.StartAsync();
            var credentials = await logs.WaitForAsync(e => e.Message.Contains("access key startup-access-key", StringComparison.Ordinal));
            Assert.Equal(level, credentials.Level);
            Assert.Equal("command line --Auth:RootSecretKey", credentials["SecretSource"]);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        Assert.NotEmpty(logs.Entries);
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains(secret, StringComparison.Ordinal)
            || e.Values.Values.Any(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)?.Contains(secret, StringComparison.Ordinal) == true));
        Directory.Delete(dataPath, recursive: true);
    }
}
