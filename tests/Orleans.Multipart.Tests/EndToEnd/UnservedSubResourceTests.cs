using System.Xml.Linq;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// A request selecting a sub-resource the dialect does not serve is 501 NotImplemented naming it, in every
/// dialect's own error document, never the plain operation of its method: ceph/s3-tests'
/// test_get_bucket_policy_status got a bucket listing for <c>GET /bucket?policyStatus</c>, and the vendor
/// dialects answered 405 without saying what was asked.
/// </summary>
public sealed class UnservedSubResourceTests(SqliteServiceFixture fixture) : IClassFixture<SqliteServiceFixture>
{
    private static readonly IReadOnlyDictionary<string, string> NotImplementedCode = new Dictionary<string, string>
    {
        ["s3"] = "NotImplemented",
        ["cdcs"] = "NotImplemented",
        ["wos"] = "NotImplemented",
        ["qingstor"] = "not_implemented",
        ["jss"] = "NotImplemented",
    };

    /// <summary>dialect, method, on the object (else the bucket), sub-resource query.</summary>
    public static TheoryData<string, string, bool, string> Cases() => new()
    {
        { "s3", "GET", false, "publicAccessBlock" },
        { "s3", "GET", false, "replication" }, // lifecycle, here before, is served since issue 23
        { "s3", "DELETE", false, "website" },
        { "s3", "GET", false, "object-lock" },
        { "s3", "GET", false, "ownershipControls" },
        { "s3", "PUT", false, "replication" },
        { "s3", "GET", true, "torrent" },
        { "s3", "PUT", true, "retention" },
        { "s3", "GET", true, "legal-hold" },
        { "cdcs", "GET", false, "acl" },
        { "cdcs", "GET", false, "policy" },
        { "cdcs", "PUT", false, "tagging" },
        { "cdcs", "GET", true, "tagging" },
        { "wos", "GET", false, "policy" },
        { "wos", "GET", false, "website" },
        { "wos", "GET", true, "acl" },
        { "qingstor", "GET", false, "notification" }, // lifecycle, here before, is served since issue 23
        { "qingstor", "GET", false, "logging" },
        { "qingstor", "GET", true, "acl" },
        { "jss", "GET", false, "policy" },
        { "jss", "GET", false, "website" },
        { "jss", "GET", true, "acl" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task UnservedSubResourceIsNotImplementedNamingIt(string dialect, string method, bool onObject, string subResource)
    {
        var d = DialectUnderTest.All[dialect];
        var (bucket, client) = await d.NewBucketAsync(fixture.Host);
        var stored = await client.SendAsync(HttpMethod.Put, $"/{bucket}/k", body: "kept"u8.ToArray());
        Assert.True(stored.Status is 200 or 201, $"{dialect}: PUT answered {stored.Status} {stored.Text}");

        var reply = await client.SendAsync(new HttpMethod(method), onObject ? $"/{bucket}/k" : $"/{bucket}", subResource,
            body: method == "PUT" ? "<Tagging/>"u8.ToArray() : null);

        d.AssertError(reply, 501, NotImplementedCode[dialect]);
        Assert.Contains("?" + subResource, Message(dialect, reply), StringComparison.Ordinal);
        Assert.Equal("kept", (await client.SendAsync(HttpMethod.Get, $"/{bucket}/k")).Text);
    }

    private static string Message(string dialect, Reply reply) => dialect switch
    {
        "s3" or "wos" => XDocument.Parse(reply.Text).Root!.Element("Message")!.Value,
        "cdcs" => reply.Json.GetProperty("Message").GetString()!,
        _ => reply.Json.GetProperty("message").GetString()!,
    };
}
