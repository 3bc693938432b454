using System.Text.Json;
using System.Xml.Linq;

namespace Orleans.Multipart.Tests.Infrastructure;

/// <summary>
/// One dialect as a table-driven test sees it: a signed path-style client, how it names a new bucket,
/// and where its errors carry their code.
/// </summary>
public sealed record DialectUnderTest(string Name, Func<IHttpEntryPoint, VendorClient> CreateClient, string BucketPrefix, string BucketSuffix, Func<Reply, string?> ErrorCode)
{
    public static readonly IReadOnlyDictionary<string, DialectUnderTest> All = new[]
    {
        new DialectUnderTest("s3", h => new S3RawClient(h), "s3-", "", XmlCode),
        new DialectUnderTest("cdcs", h => new CdcsClient(h), "coffer", "-1250000000", r => JsonCode(r, "Code")),
        new DialectUnderTest("wos", h => new WosClient(h), "wos-", "", XmlCode),
        new DialectUnderTest("qingstor", h => new QingStorClient(h), "qs-", "", r => JsonCode(r, "code")),
        new DialectUnderTest("jss", h => new JssClient(h), "jss-", "", r => JsonCode(r, "code")),
    }.ToDictionary(d => d.Name);

    public static TheoryData<string> Names() => new(All.Keys);

    /// <summary>Creates a bucket; returns its name and a client for it (path style).</summary>
    public async Task<(string Bucket, VendorClient Client)> NewBucketAsync(ServiceHost host)
    {
        var client = CreateClient(host);
        var name = BucketPrefix + Guid.NewGuid().ToString("N")[..8] + BucketSuffix;
        var reply = await client.SendAsync(HttpMethod.Put, "/" + name);
        Assert.True(reply.Status == 200, $"{Name}: creating bucket {name} answered {reply.Status} {reply.Text}");
        return (name, client);
    }

    public void AssertError(Reply reply, int status, string code) =>
        Assert.True(reply.Status == status && ErrorCode(reply) == code, $"{Name}: expected {status} {code}, got {reply.Status}: {reply.Text}");

    private static string? XmlCode(Reply reply) => reply.Body.Length == 0 ? null : XDocument.Parse(reply.Text).Root?.Element("Code")?.Value;

    private static string? JsonCode(Reply reply, string property) =>
        reply.Body.Length > 0 && JsonDocument.Parse(reply.Body).RootElement.TryGetProperty(property, out var code) ? code.GetString() : null;
}

/// <summary>The s3 dialect through the raw client: SigV4 with an unsigned payload (path style on 127.0.0.1, or a virtual host).</summary>
public sealed class S3RawClient(IHttpEntryPoint host, string hostName = "127.0.0.1") : VendorClient(host, hostName)
{
    protected override void SignRequest(HttpRequestMessage request, string path, string query, DateTimeOffset now) =>
        TestSigV4Signer.Sign(request, AccessKey, SecretKey, now, "UNSIGNED-PAYLOAD", hostHeader: HostHeader);
}
