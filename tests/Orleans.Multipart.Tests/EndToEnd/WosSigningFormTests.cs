using System.Text;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// The wos CanonicalizedResource as dialects.md writes it: "/bucket/key", "/bucket/" without key, for
/// path-style and virtual-host requests alike. A service with wos virtual-host addressing on.
/// </summary>
public sealed class WosSigningFormTests : IAsyncLifetime
{
    private const string Suffix = "vh.wos.test";
    private ServiceHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await ServiceHost.StartAsync(StoreKind.Sqlite, new Dictionary<string, string> { ["Gateway:Wos:VirtualHostSuffixes:0"] = Suffix });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<string> NewBucketAsync()
    {
        var name = "wos-" + Guid.NewGuid().ToString("N")[..10];
        var reply = await new WosClient(_host).SendAsync(HttpMethod.Put, "/" + name);
        Assert.True(reply.Status == 200, reply.Text);
        return name;
    }

    [Fact]
    public async Task BucketRequestSignedOverTheDocumentedResourceIsAccepted()
    {
        var bucket = await NewBucketAsync();
        var client = new WosClient(_host) { DocumentedBucketResource = true };
        var reply = await client.SendAsync(HttpMethod.Get, "/" + bucket, "uploads");
        Assert.True(reply.Status == 200, $"{reply.Status} {reply.Text}");
    }

    [Fact]
    public async Task VirtualHostObjectRequestSignedOverBucketAndKeyIsAccepted()
    {
        var bucket = await NewBucketAsync();
        var client = new WosClient(_host, $"{bucket}.{Suffix}") { VirtualHostBucket = bucket };
        var put = await client.SendAsync(HttpMethod.Put, "/dir/object", body: Encoding.UTF8.GetBytes("virtual host"));
        Assert.True(put.Status == 200, $"{put.Status} {put.Text}");
        Assert.Equal("virtual host", (await client.SendAsync(HttpMethod.Get, "/dir/object")).Text);
    }
}
