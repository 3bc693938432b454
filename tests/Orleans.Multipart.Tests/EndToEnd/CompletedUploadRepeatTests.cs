using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// A Complete on a completed upload answers the same result only when it repeats the winning part
/// list; a different list is the dialect's NoSuchUpload, sequentially and in a race, in every dialect.
/// </summary>
public sealed class CompletedUploadRepeatTests(SqliteServiceFixture fixture) : IClassFixture<SqliteServiceFixture>
{
    private const int MiB = 1024 * 1024;
    private readonly ServiceHost _host = fixture.Host;

    private static readonly Dictionary<string, string> NoSuchUpload = new()
    {
        ["s3"] = "NoSuchUpload",
        ["cdcs"] = "NoSuchUpload",
        ["wos"] = "NoSuchUpload",
        ["qingstor"] = "upload_not_exists",
        ["jss"] = "NoSuchUpload",
    };

    private sealed class Upload(DialectUnderTest dialect, VendorClient client, string bucket, string uploadId, string[] etags)
    {
        private bool QingStor => dialect.Name == "qingstor";

        public string Key => "/" + bucket + "/k";

        private string Id => (QingStor ? "upload_id=" : "uploadId=") + uploadId;

        public static async Task<Upload> StartAsync(DialectUnderTest dialect, ServiceHost host, byte[][] parts)
        {
            var (bucket, client) = await dialect.NewBucketAsync(host);
            var init = await client.SendAsync(HttpMethod.Post, $"/{bucket}/k", "uploads");
            var uploadId = dialect.Name is "s3" or "wos"
                ? XDocument.Parse(init.Text).Root!.Elements().Single(e => e.Name.LocalName == "UploadId").Value
                : init.Json.EnumerateObject().Single(p => p.Name is "UploadId" or "upload_id").Value.GetString()!;
            var etags = new string[parts.Length];
            for (var i = 0; i < parts.Length; i++)
            {
                var query = dialect.Name == "qingstor" ? $"upload_id={uploadId}&part_number={i}" : $"partNumber={i + 1}&uploadId={uploadId}";
                var reply = await client.SendAsync(HttpMethod.Put, $"/{bucket}/k", query, parts[i]);
                Assert.True(reply.Status is 200 or 201, $"{dialect.Name} part {i + 1}: {reply.Status} {reply.Text}");
                etags[i] = reply.Header("etag")!;
            }

            return new Upload(dialect, client, bucket, uploadId, etags);
        }

        /// <summary>Completes with parts 1..<paramref name="count"/> (as numbered on this dialect's wire).</summary>
        public Task<Reply> CompleteAsync(int count)
        {
            var first = QingStor ? 0 : 1;
            var numbers = Enumerable.Range(0, count).ToList();
            byte[] body = dialect.Name switch
            {
                "s3" or "wos" => Encoding.UTF8.GetBytes("<CompleteMultipartUpload>" + string.Concat(numbers.Select(i => $"<Part><PartNumber>{i + first}</PartNumber><ETag>{etags[i]}</ETag></Part>")) + "</CompleteMultipartUpload>"),
                "qingstor" => JsonSerializer.SerializeToUtf8Bytes(new { object_parts = numbers.Select(i => new { part_number = i + first, etag = etags[i] }) }),
                _ => JsonSerializer.SerializeToUtf8Bytes(new { Part = numbers.Select(i => new { PartNumber = i + first, ETag = etags[i] }) }),
            };
            return client.SendAsync(HttpMethod.Post, Key, Id, body);
        }

        public static bool Succeeded(Reply reply) => reply.Status is 200 or 201;

        public async Task<long> ObjectSizeAsync() => (await client.SendAsync(HttpMethod.Get, Key)).Body.Length;
    }

    private static byte[][] Parts() => [new byte[5 * MiB], "tail"u8.ToArray()];

    [Theory]
    [MemberData(nameof(DialectUnderTest.Names), MemberType = typeof(DialectUnderTest))]
    public async Task SecondCompleteWithADifferentListIsNoSuchUpload(string dialect)
    {
        var d = DialectUnderTest.All[dialect];
        var upload = await Upload.StartAsync(d, _host, Parts());
        var first = await upload.CompleteAsync(2);
        Assert.True(Upload.Succeeded(first), $"{dialect}: {first.Status} {first.Text}");

        var retry = await upload.CompleteAsync(2);
        Assert.True(Upload.Succeeded(retry), $"{dialect}: a retry of the same list answers as the first: {retry.Status} {retry.Text}");
        Assert.Equal(first.Text, retry.Text);
        Assert.Equal(first.Header("etag"), retry.Header("etag"));

        d.AssertError(await upload.CompleteAsync(1), 404, NoSuchUpload[dialect]);
        Assert.Equal(5 * MiB + 4, await upload.ObjectSizeAsync());
    }

    [Theory]
    [MemberData(nameof(DialectUnderTest.Names), MemberType = typeof(DialectUnderTest))]
    public async Task RacingCompletesWithDifferentListsHaveOneWinner(string dialect)
    {
        var d = DialectUnderTest.All[dialect];
        for (var round = 0; round < 3; round++)
        {
            var upload = await Upload.StartAsync(d, _host, Parts());
            var replies = await Task.WhenAll(upload.CompleteAsync(1), upload.CompleteAsync(2));
            Assert.Single(replies, Upload.Succeeded);
            var winner = Upload.Succeeded(replies[0]) ? 1 : 2;
            d.AssertError(replies[winner == 1 ? 1 : 0], 404, NoSuchUpload[dialect]);
            Assert.Equal(winner == 1 ? 5 * MiB : 5 * MiB + 4, await upload.ObjectSizeAsync());
            Assert.True(Upload.Succeeded(await upload.CompleteAsync(winner)), $"{dialect}: the winner's retry still succeeds");
        }
    }
}
