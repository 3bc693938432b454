using System.Xml.Linq;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// A write asking for something the service does not store (object lock, tags) is refused with 501
/// NotImplemented naming the header, and nothing is written: before, CreateBucket with
/// <c>x-amz-bucket-object-lock-enabled: true</c> made a plain bucket, so the caller believed in a lock that
/// did not exist. Asking for nothing (no lock, legal hold OFF) is served. (ACL headers are stored: S3AccessControlTests.)
/// </summary>
public sealed class UnstoredFeatureHeaderTests(SqliteServiceFixture fixture) : IClassFixture<SqliteServiceFixture>
{
    private readonly DialectUnderTest _s3 = DialectUnderTest.All["s3"];

    public static TheoryData<string, string> BucketHeaders() => new()
    {
        { "x-amz-bucket-object-lock-enabled", "true" },
    };

    public static TheoryData<string, string, bool> ObjectHeaders() => new()
    {
        { "x-amz-object-lock-mode", "GOVERNANCE", false },
        { "x-amz-object-lock-legal-hold", "ON", true },
    };

    [Theory]
    [MemberData(nameof(BucketHeaders))]
    public async Task CreateBucketAskingForAnUnstoredFeatureIsRefusedAndCreatesNothing(string header, string value)
    {
        var client = _s3.CreateClient(fixture.Host);
        var bucket = "unstored-" + Guid.NewGuid().ToString("N")[..10];

        var refused = await client.SendAsync(HttpMethod.Put, "/" + bucket, headers: new Dictionary<string, string> { [header] = value });

        _s3.AssertError(refused, 501, "NotImplemented");
        Assert.Contains(header, Message(refused), StringComparison.Ordinal);
        Assert.Equal(404, (await client.SendAsync(HttpMethod.Head, "/" + bucket)).Status);
    }

    [Theory]
    [MemberData(nameof(ObjectHeaders))]
    public async Task WriteAskingForAnUnstoredFeatureIsRefusedAndWritesNothing(string header, string value, bool multipart)
    {
        var (bucket, client) = await _s3.NewBucketAsync(fixture.Host);
        var extra = new Dictionary<string, string> { [header] = value };

        var refused = multipart
            ? await client.SendAsync(HttpMethod.Post, $"/{bucket}/k", "uploads", headers: extra)
            : await client.SendAsync(HttpMethod.Put, $"/{bucket}/k", body: "body"u8.ToArray(), headers: extra);

        _s3.AssertError(refused, 501, "NotImplemented");
        Assert.Contains(header, Message(refused), StringComparison.Ordinal);
        Assert.Equal(404, (await client.SendAsync(HttpMethod.Get, $"/{bucket}/k")).Status);
        Assert.DoesNotContain("<Upload>", (await client.SendAsync(HttpMethod.Get, $"/{bucket}", "uploads")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrivateCannedAclAndNoLockAskForNothingAndAreServed()
    {
        var client = _s3.CreateClient(fixture.Host);
        var bucket = "private-" + Guid.NewGuid().ToString("N")[..10];
        var created = await client.SendAsync(HttpMethod.Put, "/" + bucket,
            headers: new Dictionary<string, string> { ["x-amz-acl"] = "private", ["x-amz-bucket-object-lock-enabled"] = "false" });
        Assert.Equal(200, created.Status);

        var put = await client.SendAsync(HttpMethod.Put, $"/{bucket}/k", body: "body"u8.ToArray(),
            headers: new Dictionary<string, string> { ["x-amz-acl"] = "private", ["x-amz-object-lock-legal-hold"] = "OFF" });
        Assert.Equal(200, put.Status);
        Assert.Equal("body", (await client.SendAsync(HttpMethod.Get, $"/{bucket}/k")).Text);
    }

    private static string Message(Reply reply) => XDocument.Parse(reply.Text).Root!.Element("Message")!.Value;
}
