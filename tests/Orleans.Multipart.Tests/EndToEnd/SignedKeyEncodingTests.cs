using System.Text;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// Keys whose bytes each signer must encode (or not) as its document says: the test signers, written
/// from the documents, and the gateway must agree on every one, or the request is refused.
/// </summary>
public sealed class SignedKeyEncodingTests(SqliteServiceFixture fixture) : IClassFixture<SqliteServiceFixture>
{
    private readonly ServiceHost _host = fixture.Host;

    private static readonly string[] Keys = ["plain.txt", "dir/sub/a b.txt", "plus+sign", "eq=sign&amp", "ü/中文", "star*(paren)!'", "tilde~pct%25", "colon:semi;at@,comma"];

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var dialect in DialectUnderTest.All.Keys)
        {
            foreach (var key in Keys)
            {
                data.Add(dialect, key);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task ObjectWithTheKeyIsWrittenAndReadBack(string dialect, string key)
    {
        var d = DialectUnderTest.All[dialect];
        var (bucket, client) = await d.NewBucketAsync(_host);
        var path = $"/{bucket}/{string.Join('/', key.Split('/').Select(Uri.EscapeDataString))}";
        var body = Encoding.UTF8.GetBytes("key " + key);

        var put = await client.SendAsync(HttpMethod.Put, path, body: body);
        Assert.True(put.Status is 200 or 201, $"{dialect} PUT {path}: {put.Status} {put.Text}");
        var get = await client.SendAsync(HttpMethod.Get, path);
        Assert.True(get.Status == 200, $"{dialect} GET {path}: {get.Status} {get.Text}");
        Assert.Equal(body, get.Body);
        var init = await client.SendAsync(HttpMethod.Post, path, "uploads");
        Assert.True(init.Status is 200 or 409, $"{dialect} Initiate {path}: {init.Status} {init.Text}");
    }

    /// <summary>Signed headers, Content-Type, Content-MD5 and query values each dialect's document names.</summary>
    [Theory]
    [InlineData("s3", "x-amz-meta-color", "blue")]
    [InlineData("cdcs", "x-cdcs-meta-color", "blue")]
    [InlineData("wos", "x-wos-meta-color", "blue")]
    [InlineData("wos", "x-wos-date", "now")]
    [InlineData("qingstor", "X-QS-MetaData-Color", "blue")]
    [InlineData("qingstor", "X-QS-Date", "now")]
    [InlineData("jss", "x-jss-storage-class", "STANDARD")]
    public async Task SignedHeadersTypeDigestAndListQueryAgree(string dialect, string header, string value)
    {
        var d = DialectUnderTest.All[dialect];
        var (bucket, client) = await d.NewBucketAsync(_host);
        var body = Encoding.UTF8.GetBytes("typed");
        var headers = new Dictionary<string, string>
        {
            [header] = value == "now" ? DateTimeOffset.UtcNow.ToString("r", System.Globalization.CultureInfo.InvariantCulture) : value,
            ["Content-Type"] = "text/plain; charset=utf-8",
            ["Content-MD5"] = Convert.ToBase64String(System.Security.Cryptography.MD5.HashData(body)),
        };
        var put = await client.SendAsync(HttpMethod.Put, $"/{bucket}/a%20b/c", body: body, headers: headers);
        Assert.True(put.Status is 200 or 201, $"{dialect} PUT with {header}: {put.Status} {put.Text}");

        var list = await client.SendAsync(HttpMethod.Get, $"/{bucket}", "uploads&prefix=a%20b%2F%C3%BC%2B");
        Assert.True(list.Status == 200, $"{dialect} list uploads with an encoded prefix: {list.Status} {list.Text}");
    }
}
