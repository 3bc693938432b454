using System.Text;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>A Complete document whose values have the wrong JSON type (or are not UTF-8) is the dialect's 400, not a 500, and leaves the upload open.</summary>
public sealed class MistypedJsonCompleteTests(SqliteServiceFixture fixture) : IClassFixture<SqliteServiceFixture>
{
    private readonly ServiceHost _host = fixture.Host;

    /// <summary>Per dialect: the malformed-document code, the list / number / ETag names, the wire number of the first part, and the upload parameters.</summary>
    private static readonly Dictionary<string, (string Code, string List, string Number, string ETag, int First, string UploadId, string PartNumber)> Shapes = new()
    {
        ["cdcs"] = ("InvalidArgument", "Part", "PartNumber", "ETag", 1, "uploadId", "partNumber"),
        ["qingstor"] = ("invalid_argument", "object_parts", "part_number", "etag", 0, "upload_id", "part_number"),
        ["jss"] = ("MalformedJson", "Part", "PartNumber", "ETag", 1, "uploadId", "partNumber"),
    };

    /// <summary>Documents with {N} for the number name, {E} for the ETag name, {L} for the list name, {1} for the first part's number, {T} for its ETag.</summary>
    public static TheoryData<string, string> Cases()
    {
        var documents = new[]
        {
            """{"{L}":[{"{N}":"{1}","{E}":"{T}"}]}""",
            """{"{L}":[{"{N}":true,"{E}":"{T}"}]}""",
            """{"{L}":[{"{N}":null,"{E}":"{T}"}]}""",
            """{"{L}":[{"{N}":{1}.5,"{E}":"{T}"}]}""",
            """{"{L}":[{"{N}":[{1}],"{E}":"{T}"}]}""",
            """{"{L}":[{"{N}":{1},"{E}":5}]}""",
            """{"{L}":[{"{N}":{1},"{E}":{"a":1}}]}""",
            """{"{L}":[{"{N}":{1},"{E}":"\xFF\xFE"}]}""",
            """{"{L}":[{1}]}""",
            """{"{L}":"{1}"}""",
        };
        var data = new TheoryData<string, string>();
        foreach (var dialect in Shapes.Keys)
        {
            foreach (var document in documents)
            {
                data.Add(dialect, document);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task MistypedDocumentIsTheDialectsBadRequest(string dialect, string template)
    {
        var d = DialectUnderTest.All[dialect];
        var shape = Shapes[dialect];
        var (bucket, client) = await d.NewBucketAsync(_host);
        var init = await client.SendAsync(HttpMethod.Post, $"/{bucket}/k", "uploads");
        var uploadId = init.Json.EnumerateObject().Single(p => p.Name.Equals("UploadId", StringComparison.OrdinalIgnoreCase) || p.Name == "upload_id").Value.GetString()!;
        var part = await client.SendAsync(HttpMethod.Put, $"/{bucket}/k", $"{shape.UploadId}={uploadId}&{shape.PartNumber}={shape.First}", [1, 2, 3]);
        var etag = part.Header("etag")!.Trim('"');

        var text = template.Replace("{L}", shape.List).Replace("{N}", shape.Number).Replace("{E}", shape.ETag)
            .Replace("{1}", shape.First.ToString(System.Globalization.CultureInfo.InvariantCulture)).Replace("{T}", etag);
        // \xFF\xFE stands for two bytes that are not UTF-8 inside the JSON string.
        var bytes = Encoding.UTF8.GetBytes(text.Replace("\\xFF\\xFE", "\u0001")).Select(b => b == 1 ? (byte)0xFF : b).ToArray();
        var reply = await client.SendAsync(HttpMethod.Post, $"/{bucket}/k", $"{shape.UploadId}={uploadId}", bytes);
        d.AssertError(reply, 400, shape.Code);

        var parts = await client.SendAsync(HttpMethod.Get, $"/{bucket}/k", $"{shape.UploadId}={uploadId}");
        Assert.True(parts.Status == 200, $"the upload stays open: {parts.Status} {parts.Text}");
    }

    [Theory]
    [InlineData("""{"acl":[{"grantee":{"type":"group","name":5},"permission":"WRITE"}]}""")]
    [InlineData("""{"acl":[{"grantee":"QS_ALL_USERS","permission":"WRITE"}]}""")]
    [InlineData("""{"acl":[{"grantee":{"type":"group","name":"QS_ALL_USERS"},"permission":true}]}""")]
    [InlineData("""{"acl":[7]}""")]
    public async Task MistypedQingStorAclIsInvalidArgument(string document)
    {
        var d = DialectUnderTest.All["qingstor"];
        var (bucket, _) = await d.NewBucketAsync(_host);
        var client = new QingStorClient(_host, $"{bucket}.pek3a.qingstor.test");
        d.AssertError(await client.SendAsync(HttpMethod.Put, "/", "acl", Encoding.UTF8.GetBytes(document)), 400, "invalid_argument");
    }
}
