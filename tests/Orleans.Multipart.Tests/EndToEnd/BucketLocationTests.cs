using System.Net;
using System.Xml.Linq;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// GetBucketLocation (<c>GET /bucket?location</c>) in every dialect, over real HTTP with each dialect's signing: the
/// bucket's region in the vendor's document, and the vendor's NoSuchBucket for a bucket that does not exist.
/// </summary>
public sealed class BucketLocationTests(SqliteServiceFixture fixture) : IClassFixture<SqliteServiceFixture>
{
    private static readonly XNamespace WosNs = "http://wcs.chinanetcenter.com/document";
    private readonly ServiceHost _host = fixture.Host;

    private static string NewName(string prefix) => prefix + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task S3AnswersTheRegionItServes()
    {
        using var s3 = _host.CreateS3Client();
        var bucket = NewName("loc-");
        await s3.PutBucketAsync(bucket);
        var location = await s3.GetBucketLocationAsync(bucket);
        Assert.Equal(HttpStatusCode.OK, location.HttpStatusCode);

        // us-east-1, the configured region, is S3's empty LocationConstraint.
        Assert.Contains(location.Location.Value, new[] { "", "us-east-1" });
        var missing = await Assert.ThrowsAsync<Amazon.S3.AmazonS3Exception>(() => s3.GetBucketLocationAsync(NewName("loc-missing-")));
        Assert.Equal("NoSuchBucket", missing.ErrorCode);
    }

    [Fact]
    public async Task CdcsAnswersTheConfiguredRegionInJson()
    {
        var client = new CdcsClient(_host);
        var coffer = NewName("loc") + "-1250000000";
        Assert.Equal(200, (await client.SendAsync(HttpMethod.Put, "/" + coffer)).Status);
        var reply = await client.SendAsync(HttpMethod.Get, "/" + coffer, "location");
        Assert.True(reply.Status == 200, reply.Text);
        Assert.Equal("""{"LocationConstraint":"ap-guangzhou"}""", reply.Text);
        AssertJsonError(await client.SendAsync(HttpMethod.Get, "/" + NewName("loc") + "-1250000000", "location"), 404, "Code", "NoSuchCoffer");
    }

    [Fact]
    public async Task WosAnswersAnS3LocationConstraintInItsNamespace()
    {
        var client = new WosClient(_host);
        var bucket = NewName("loc-");
        Assert.Equal(200, (await client.SendAsync(HttpMethod.Put, "/" + bucket)).Status);
        var reply = await client.SendAsync(HttpMethod.Get, "/" + bucket, "location");
        Assert.True(reply.Status == 200, reply.Text);
        var root = XDocument.Parse(reply.Text).Root!;
        Assert.Equal(WosNs + "LocationConstraint", root.Name);
        Assert.Equal("", root.Value);
        var missing = await client.SendAsync(HttpMethod.Get, "/" + NewName("loc-"), "location");
        Assert.Equal(404, missing.Status);
        Assert.Equal("NoSuchBucket", XDocument.Parse(missing.Text).Root!.Element("Code")!.Value);
    }

    [Fact]
    public async Task QingStorAnswersTheZoneInJson()
    {
        var zone = new QingStorClient(_host);
        var bucket = NewName("loc-");
        Assert.Equal(200, (await zone.SendAsync(HttpMethod.Put, "/" + bucket)).Status);
        var reply = await new QingStorClient(_host, $"{bucket}.pek3a.qingstor.test").SendAsync(HttpMethod.Get, "/", "location");
        Assert.True(reply.Status == 200, reply.Text);
        Assert.Equal("""{"location":"pek3a"}""", reply.Text);
        AssertJsonError(await zone.SendAsync(HttpMethod.Get, "/" + NewName("loc-"), "location"), 404, "code", "bucket_not_exists");
    }

    [Fact]
    public async Task JssAnswersTheOneRegionAsAnEmptyConstraint()
    {
        var client = new JssClient(_host);
        var bucket = NewName("loc-");
        Assert.Equal(200, (await client.SendAsync(HttpMethod.Put, "/" + bucket)).Status);
        var reply = await client.SendAsync(HttpMethod.Get, "/" + bucket, "location");
        Assert.True(reply.Status == 200, reply.Text);
        Assert.Equal("""{"LocationConstraint":""}""", reply.Text);
        AssertJsonError(await client.SendAsync(HttpMethod.Get, "/" + NewName("loc-"), "location"), 404, "code", "NoSuchBucket");
    }

    private static void AssertJsonError(Reply reply, int status, string codeProperty, string code)
    {
        Assert.True(reply.Status == status, $"expected {status} {code}, got {reply.Status}: {reply.Text}");
        Assert.Equal(code, reply.Json.GetProperty(codeProperty).GetString());
    }
}
