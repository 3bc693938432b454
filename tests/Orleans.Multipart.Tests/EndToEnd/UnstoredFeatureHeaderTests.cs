using System.Xml.Linq;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// A write asking for something the service does not store (a public canned ACL, a grant, object lock, tags)
/// is refused with 501 NotImplemented naming the header, and nothing is written: before, CreateBucket with
/// <c>x-amz-bucket-object-lock-enabled: true</c> made a plain bucket and <c>x-amz-acl: public-read</c> was
/// dropped, so the caller believed in a lock or a public object that did not exist. <c>private</c> asks for
/// what every object here is, and is served.
/// </summary>
public sealed class UnstoredFeatureHeaderTests(SqliteServiceFixture fixture) : IClassFixture<SqliteServiceFixture>
{
    private readonly DialectUnderTest _s3 = DialectUnderTest.All["s3"];

    public static TheoryData<string, string> BucketHeaders() => new()
    {
        { "x-amz-bucket-object-lock-enabled", "true" },
        { "x-amz-acl", "public-read" },
        { "x-amz-grant-full-control", "id=someone-else" },
    };

    public static TheoryData<string, string, bool> ObjectHeaders() => new()
    {
        { "x-amz-acl", "public-read", false },
        { "x-amz-acl", "authenticated-read", true },
        { "x-amz-grant-read", "uri=\"http://acs.amazonaws.com/groups/global/AllUsers\"", false },
        { "x-amz-object-lock-mode", "GOVERNANCE", false },
        { "x-amz-object-lock-legal-hold", "ON", true },
        { "x-amz-tagging", "colour=blue", false },
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

    /// <summary>
    /// A presigned PUT signs the canned ACL (botocore as a signed header, other SDKs in the query): public-read is
    /// refused either way, private served.
    /// </summary>
    [Fact]
    public async Task PresignedPutWithAPublicCannedAclIsRefused()
    {
        var bucket = "presigned-acl-" + Guid.NewGuid().ToString("N")[..10];
        var result = await ExternalClient.RunBoto3Async(Boto3.SigV4ClientScript + """
            import urllib.request, urllib.error
            s3.create_bucket(Bucket=bucket)
            def put(acl):
                url = s3.generate_presigned_url(ClientMethod='put_object', Params={'Bucket': bucket, 'Key': 'foo', 'ACL': acl}, ExpiresIn=600, HttpMethod='PUT')
                assert 'x-amz-acl' in url, url
                try:
                    with urllib.request.urlopen(urllib.request.Request(url, data=b'bar', method='PUT', headers={'x-amz-acl': acl})) as r:
                        return r.status, b''
                except urllib.error.HTTPError as e:
                    return e.code, e.read()
            status, body = put('public-read')
            assert status == 501 and b'x-amz-acl' in body, (status, body)
            assert 'Contents' not in s3.list_objects_v2(Bucket=bucket)
            assert put('private')[0] == 200
            assert s3.get_object(Bucket=bucket, Key='foo')['Body'].read() == b'bar'
            print('ok')
            """, fixture.Host.BaseAddress.ToString().TrimEnd('/'), bucket, ServiceHost.AccessKey, ServiceHost.SecretKey);
        Assert.True(result.ExitCode == 0 && result.Stdout.TrimEnd().EndsWith("ok", StringComparison.Ordinal), result.Output);

        var client = _s3.CreateClient(fixture.Host);
        var inQuery = await client.SendAsync(HttpMethod.Put, $"/{bucket}/bar", "x-amz-acl=public-read", body: "bar"u8.ToArray());
        _s3.AssertError(inQuery, 501, "NotImplemented");
        Assert.Equal(404, (await client.SendAsync(HttpMethod.Get, $"/{bucket}/bar")).Status);
    }

    private static string Message(Reply reply) => XDocument.Parse(reply.Text).Root!.Element("Message")!.Value;
}
