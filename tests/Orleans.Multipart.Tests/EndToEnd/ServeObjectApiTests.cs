using System.Net;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>Gateway:ServeObjectApi=false (silos behind standalone gateways): the object API is gone, the health checks stay.</summary>
public sealed class ServeObjectApiTests
{
    [Theory]
    [InlineData("true", "<Code>NoSuchBucket</Code>")] // the s3 dialect answers (S3 tells anyone that a bucket does not exist)
    [InlineData("false", null)] // nothing serves the object API: a bare 404
    public async Task TheSettingTurnsTheObjectApiOffButNotTheHealthChecks(string serveObjectApi, string? s3Error)
    {
        await using var host = await ServiceHost.StartAsync(StoreKind.Sqlite, new Dictionary<string, string> { ["Gateway:ServeObjectApi"] = serveObjectApi });
        using var http = host.CreateHttpClient();

        var unsigned = await http.GetAsync("some-bucket");
        Assert.Equal(HttpStatusCode.NotFound, unsigned.StatusCode);
        var body = await unsigned.Content.ReadAsStringAsync();
        if (s3Error is null)
        {
            Assert.DoesNotContain("<Code>", body);
        }
        else
        {
            Assert.Contains(s3Error, body);
        }

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("readyz")).StatusCode);
    }
}
