using System.Security.Cryptography;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.Rgw;

/// <summary>
/// radosgw stopped under the service (the Ceph cluster itself keeps running): writes and reads are 503 in
/// every dialect and /readyz says so; once it is back, the service recovers by itself and nothing
/// written before the outage is lost.
/// </summary>
[Collection(RgwCollection.Name)]
[Trait("Category", "Slow")]
public sealed class RgwOutageTests(RgwServiceFixture fixture) : IClassFixture<RgwServiceFixture>
{
    [Fact]
    public async Task BackendOutageIs503InEveryDialectAndRecoversWithNothingLost()
    {
        var host = fixture.Host;
        using var http = host.CreateHttpClient();
        var written = new List<(DialectUnderTest Dialect, VendorClient Client, string Path, byte[] Data)>();
        foreach (var dialect in DialectUnderTest.All.Values)
        {
            var (bucket, client) = await dialect.NewBucketAsync(host);
            var data = RandomNumberGenerator.GetBytes(40_000);
            var put = await client.SendAsync(HttpMethod.Put, $"/{bucket}/before", body: data);
            Assert.True(put.Status is 200 or 201, $"{dialect.Name}: {put.Status} {put.Text}");
            written.Add((dialect, client, $"/{bucket}/before", data));
        }

        var blobsBefore = await fixture.BackendBlobsAsync();
        Assert.True(blobsBefore.Count >= written.Count);
        await TestRgw.StopGatewayAsync();
        try
        {
            foreach (var (dialect, client, path, _) in written)
            {
                var put = await client.SendAsync(HttpMethod.Put, path + "-during", body: RandomNumberGenerator.GetBytes(1000));
                dialect.AssertError(put, 503, dialect.Name == "qingstor" ? "service_unavailable" : "ServiceUnavailable");
                Assert.NotNull(put.Header("Retry-After"));
                var get = await client.SendAsync(HttpMethod.Get, path);
                dialect.AssertError(get, 503, dialect.Name == "qingstor" ? "service_unavailable" : "ServiceUnavailable");
            }

            var ready = await http.GetAsync("/readyz");
            Assert.Equal(503, (int)ready.StatusCode);
            Assert.Contains("blob backend", await ready.Content.ReadAsStringAsync());
        }
        finally
        {
            await TestRgw.StartGatewayAsync();
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while ((int)(await http.GetAsync("/readyz")).StatusCode != 200)
        {
            Assert.True(DateTime.UtcNow < deadline, "/readyz did not recover within 2 minutes of radosgw's return");
            await Task.Delay(250);
        }

        foreach (var (dialect, client, path, data) in written)
        {
            var get = await client.SendAsync(HttpMethod.Get, path);
            Assert.True(get.Status == 200 && get.Body.AsSpan().SequenceEqual(data), $"{dialect.Name}: {get.Status} after recovery");
            var put = await client.SendAsync(HttpMethod.Put, path + "-after", body: data);
            Assert.True(put.Status is 200 or 201, $"{dialect.Name}: {put.Status} {put.Text}");
        }

        // No write refused during the outage left a backend object; each one after it did.
        Assert.Equal(blobsBefore.Count + written.Count, (await fixture.BackendBlobsAsync()).Count);
    }
}
