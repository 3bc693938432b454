using System.Text;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// The tagging answers of the s3 dialect against S3's documented syntax, exactly: the Tagging document of
/// GetObjectTagging and GetBucketTagging (namespace, element order, values as written), the empty TagSet of an
/// object without tags, the status and empty body of each write, and NoSuchTagSet's error document.
/// </summary>
public sealed class TaggingDocumentTests(SqliteServiceFixture fixture) : IClassFixture<SqliteServiceFixture>
{
    private const string RequestIdHeader = "x-amz-request-id";

    private const string TwoTags =
        """<Tagging xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><TagSet><Tag><Key>a key</Key><Value>&lt;1&amp;2&gt;</Value></Tag><Tag><Key>empty</Key><Value></Value></Tag></TagSet></Tagging>""";

    private readonly VendorClient _client = DialectUnderTest.All["s3"].CreateClient(fixture.Host);

    public enum Target
    {
        Object,
        Bucket,
    }

    private async Task<(string Bucket, string Path)> SceneAsync(Target target)
    {
        var bucket = "tagdoc-" + Guid.NewGuid().ToString("N")[..10];
        Assert.Equal(200, (await _client.SendAsync(HttpMethod.Put, "/" + bucket)).Status);
        Assert.Equal(200, (await _client.SendAsync(HttpMethod.Put, $"/{bucket}/doc", body: "x"u8.ToArray())).Status);
        return (bucket, target == Target.Object ? $"/{bucket}/doc" : "/" + bucket);
    }

    [Theory]
    [InlineData(Target.Object, 200)]
    [InlineData(Target.Bucket, 204)]
    public async Task PutThenGetAnswersTheDocumentedTagging(Target target, int putStatus)
    {
        var (_, path) = await SceneAsync(target);

        // Written in the other order and without the namespace: the answer is in S3's namespace, by key.
        var put = await _client.SendAsync(HttpMethod.Put, path, "tagging", Encoding.UTF8.GetBytes(
            "<Tagging><TagSet><Tag><Key>empty</Key><Value/></Tag><Tag><Key>a key</Key><Value>&lt;1&amp;2&gt;</Value></Tag></TagSet></Tagging>"));
        Assert.True(put.Status == putStatus, $"{put.Status} {put.Text}");
        DocumentAssert.Empty(put, RequestIdHeader);

        var get = await _client.SendAsync(HttpMethod.Get, path, "tagging");
        Assert.True(get.Status == 200, $"{get.Status} {get.Text}");
        DocumentAssert.Xml(TwoTags, get, RequestIdHeader);
    }

    [Theory]
    [InlineData(Target.Object)]
    [InlineData(Target.Bucket)]
    public async Task DeleteAnswers204WithoutABody(Target target)
    {
        var (_, path) = await SceneAsync(target);
        Assert.True((await _client.SendAsync(HttpMethod.Put, path, "tagging", "<Tagging><TagSet><Tag><Key>k</Key><Value>v</Value></Tag></TagSet></Tagging>"u8.ToArray())).Status is 200 or 204);

        var delete = await _client.SendAsync(HttpMethod.Delete, path, "tagging");
        Assert.Equal(204, delete.Status);
        DocumentAssert.Empty(delete, RequestIdHeader);
    }

    [Fact]
    public async Task AnObjectWithoutTagsAnswersAnEmptyTagSet()
    {
        var (_, path) = await SceneAsync(Target.Object);
        var get = await _client.SendAsync(HttpMethod.Get, path, "tagging");
        Assert.Equal(200, get.Status);
        DocumentAssert.Xml("""<Tagging xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><TagSet></TagSet></Tagging>""", get, RequestIdHeader);
    }

    [Fact]
    public async Task ABucketWithoutTagsAnswersNoSuchTagSet()
    {
        var (_, path) = await SceneAsync(Target.Bucket);
        var get = await _client.SendAsync(HttpMethod.Get, path, "tagging");
        Assert.Equal(404, get.Status);
        DocumentAssert.Xml("<Error><Code>NoSuchTagSet</Code><Message>The TagSet does not exist</Message><Resource>{text}</Resource><RequestId>{requestId}</RequestId></Error>", get, RequestIdHeader);
    }
}
