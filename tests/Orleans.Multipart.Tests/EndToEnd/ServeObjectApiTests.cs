using System.Net;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>Gateway:ServeObjectApi=false (silos behind standalone gateways): the object API is gone, the health checks stay.</summary>
public sealed class ServeObjectApiTests
{
    [Theory]
    [InlineData("true", HttpStatusCode.Forbidden)] // the s3 dialect answers: an unsigned request is AccessDenied
    [InlineData("false", HttpStatusCode.NotFound)] // nothing serves the object API
    public async Task TheSettingTurnsTheObjectApiOffButNotTheHealthChecks(string serveObjectApi, HttpStatusCode unsignedBucketRequest)
    {
        await using var host = await ServiceHost.StartAsync(StoreKind.Sqlite, new Dictionary<string, string> { ["Gateway:ServeObjectApi"] = serveObjectApi });
        using var http = host.CreateHttpClient();

        Assert.Equal(unsignedBucketRequest, (await http.GetAsync("some-bucket")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("readyz")).StatusCode);
    }
}
