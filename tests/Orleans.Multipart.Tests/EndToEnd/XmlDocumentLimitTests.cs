using System.Text;
using System.Xml.Linq;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// XML request documents (s3, wos) are refused as MalformedXML when nested deeper than
/// Gateway:MaxRequestDocumentDepth or holding more than Gateway:MaxRequestDocumentElements elements,
/// found while reading (a 100,000-level document used to cost minutes of CPU).
/// </summary>
public sealed class XmlDocumentLimitTests(SqliteServiceFixture fixture) : S3TestBase(fixture), IClassFixture<SqliteServiceFixture>
{
    private static string Nested(int depth) => string.Concat(Enumerable.Repeat("<a>", depth)) + string.Concat(Enumerable.Repeat("</a>", depth));

    private async Task<(string Bucket, string UploadId, string ETag)> OpenUploadAsync()
    {
        var bucket = await NewBucketAsync();
        var uploadId = await InitiateAsync(bucket, "k");
        var part = await UploadPartAsync(bucket, "k", uploadId, 1, [1, 2, 3]);
        return (bucket, uploadId, part.ETag);
    }

    private static async Task<string> CodeOf(HttpResponseMessage response) =>
        XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!.Element("Code")!.Value;

    /// <summary>A valid Complete list with an extra element nested 17+ levels deep: accepted before the cap, MalformedXML now.</summary>
    [Theory]
    [InlineData(16, false)]
    [InlineData(17, true)]
    [InlineData(100_000, true)]
    public async Task S3CompleteNestedDeeperThanTheCapIsMalformedXml(int depth, bool refused)
    {
        var (bucket, uploadId, etag) = await OpenUploadAsync();
        // Root and Part take two levels; the extra element fills the rest.
        var document = $"<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>{etag}</ETag>{Nested(depth - 2)}</Part></CompleteMultipartUpload>";
        var response = await TestSigV4Signer.SendAsync(Http, HttpMethod.Post, $"/{bucket}/k?uploadId={uploadId}", Encoding.UTF8.GetBytes(document));
        if (!refused)
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            return;
        }

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("MalformedXML", await CodeOf(response));
        Assert.Equal([1], await ListPartNumbersAsync(bucket, "k", uploadId));
    }

    [Theory]
    [InlineData(100_000, false)]
    [InlineData(100_001, true)]
    public async Task S3DeleteObjectsWithMoreElementsThanTheCapIsMalformedXml(int elements, bool refused)
    {
        var bucket = await NewBucketAsync();
        await S3.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest { BucketName = bucket, Key = "k", ContentBody = "x" });
        // Delete, Object and Key are three elements; the rest are elements S3 ignores.
        var document = "<Delete><Object><Key>k</Key></Object>" + string.Concat(Enumerable.Repeat("<x/>", elements - 3)) + "</Delete>";
        var bytes = Encoding.UTF8.GetBytes(document);
        var response = await TestSigV4Signer.SendAsync(Http, HttpMethod.Post, $"/{bucket}?delete", bytes,
            customize: r => r.Content!.Headers.ContentMD5 = System.Security.Cryptography.MD5.HashData(bytes));
        if (!refused)
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            return;
        }

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("MalformedXML", await CodeOf(response));
        Assert.Equal("x", await S3.GetObjectAsync(bucket, "k") is var o ? await new StreamReader(o.ResponseStream).ReadToEndAsync() : null);
    }

    [Theory]
    [InlineData(17)]
    [InlineData(100_000)]
    public async Task S3DeleteObjectsNestedDeeperThanTheCapIsMalformedXml(int depth)
    {
        var bucket = await NewBucketAsync();
        var bytes = Encoding.UTF8.GetBytes($"<Delete><Object><Key>k</Key></Object>{Nested(depth - 1)}</Delete>");
        var response = await TestSigV4Signer.SendAsync(Http, HttpMethod.Post, $"/{bucket}?delete", bytes,
            customize: r => r.Content!.Headers.ContentMD5 = System.Security.Cryptography.MD5.HashData(bytes));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("MalformedXML", await CodeOf(response));
    }

    [Theory]
    [InlineData(17)]
    [InlineData(100_000)]
    public async Task WosCompleteNestedDeeperThanTheCapIsMalformedXml(int depth)
    {
        var wos = DialectUnderTest.All["wos"];
        var (bucket, client) = await wos.NewBucketAsync(Host);
        var init = await client.SendAsync(HttpMethod.Post, $"/{bucket}/k", "uploads");
        var uploadId = XDocument.Parse(init.Text).Root!.Elements().Single(e => e.Name.LocalName == "UploadId").Value;
        var part = await client.SendAsync(HttpMethod.Put, $"/{bucket}/k", $"partNumber=1&uploadId={uploadId}", [1, 2, 3]);
        var document = $"<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>{part.Header("etag")}</ETag>{Nested(depth - 2)}</Part></CompleteMultipartUpload>";
        wos.AssertError(await client.SendAsync(HttpMethod.Post, $"/{bucket}/k", $"uploadId={uploadId}", Encoding.UTF8.GetBytes(document)), 400, "MalformedXML");
        Assert.Equal(200, (await client.SendAsync(HttpMethod.Get, $"/{bucket}/k", $"uploadId={uploadId}")).Status);
    }
}
