using System.Text;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// A vendor PUT that asks for a copy or a move (QingStor's x-qs-copy-source / x-qs-move-source) is refused as
/// not implemented rather than stored: its body is empty, and storing it would replace the key with nothing.
/// </summary>
public sealed class VendorCopyRefusalTests(SqliteServiceFixture fixture) : IClassFixture<SqliteServiceFixture>
{
    [Theory]
    [InlineData("x-qs-copy-source")]
    [InlineData("x-qs-move-source")]
    public async Task QingStorCopyAndMoveAreRefusedAndTheKeyKeepsItsObject(string header)
    {
        var name = "qscopy-" + Guid.NewGuid().ToString("N")[..10];
        Assert.Equal(200, (await new QingStorClient(fixture.Host).SendAsync(HttpMethod.Put, "/" + name)).Status);
        var bucket = new QingStorClient(fixture.Host, $"{name}.pek3a.qingstor.test");
        Assert.Equal(201, (await bucket.SendAsync(HttpMethod.Put, "/source", body: Encoding.UTF8.GetBytes("source"))).Status);
        Assert.Equal(201, (await bucket.SendAsync(HttpMethod.Put, "/target", body: Encoding.UTF8.GetBytes("target"))).Status);

        var refused = await bucket.SendAsync(HttpMethod.Put, "/target", body: [], headers: new Dictionary<string, string> { [header] = $"/{name}/source" });
        Assert.Equal(501, refused.Status); // qingstor's not-implemented answer (its error table)
        Assert.Equal("not_implemented", refused.Json.GetProperty("code").GetString());
        Assert.Contains(header, refused.Json.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("target", (await bucket.SendAsync(HttpMethod.Get, "/target")).Text);
    }
}
