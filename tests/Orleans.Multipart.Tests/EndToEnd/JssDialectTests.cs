using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>The jss dialect over real HTTP with a jingdong-signing client: seed 004, encryption at rest, errors.</summary>
public sealed class JssDialectTests(SqliteServiceFixture fixture) : IClassFixture<SqliteServiceFixture>
{
    private const int MiB = 1024 * 1024;
    private readonly ServiceHost _host = fixture.Host;
    private readonly JssClient _path = new(fixture.Host);

    private async Task<(string Bucket, JssClient Client)> NewBucketAsync()
    {
        var name = "jss-" + Guid.NewGuid().ToString("N")[..10];
        Assert.Equal(200, (await _path.SendAsync(HttpMethod.Put, "/" + name)).Status);
        return (name, new JssClient(_host, $"{name}.s.jss.test"));
    }

    private static void AssertError(Reply reply, int status, string code)
    {
        Assert.True(reply.Status == status, $"expected {status} {code}, got {reply.Status}: {reply.Text}");
        var json = reply.Json;
        Assert.Equal(["code", "message", "resource", "requestId"], json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(code, json.GetProperty("code").GetString());
        Assert.NotNull(reply.Header("x-jss-request-id"));
    }

    private static byte[] CompleteBody(params (int Number, string ETag)[] parts) =>
        JsonSerializer.SerializeToUtf8Bytes(new { Part = parts.Select(p => new { PartNumber = p.Number, p.ETag }) });

    [Fact]
    public async Task Seed004InitiateMatchesTheGoldenResponse()
    {
        Assert.Equal(200, (await _path.SendAsync(HttpMethod.Put, "/oss-example")).Status);
        var client = new JssClient(_host, "oss-example.s.jss.test");
        var reply = await client.SendAsync(HttpMethod.Post, "/multipart.data", "uploads", headers: new Dictionary<string, string> { ["x-jss-storage-class"] = "STANDARD" });
        Assert.Equal(200, reply.Status);
        Assert.StartsWith("application/json", reply.Header("content-type"));
        Assert.NotNull(reply.Header("x-jss-request-id"));
        Assert.NotNull(reply.Header("x-trace"));
        var json = reply.Json;
        Assert.Equal(["Bucket", "Key", "UploadId"], json.EnumerateObject().Select(p => p.Name));
        Assert.Equal("oss-example", json.GetProperty("Bucket").GetString());
        Assert.Equal("multipart.data", json.GetProperty("Key").GetString());
    }

    [Fact]
    public async Task EncryptedUploadIsStoredEncryptedAndReadBackPlain()
    {
        var (bucket, client) = await NewBucketAsync();
        var init = await client.SendAsync(HttpMethod.Post, "/secret.bin", "uploads", headers: new Dictionary<string, string> { ["x-jss-server-side-encryption"] = "true" });
        var uploadId = init.Json.GetProperty("UploadId").GetString()!;
        var marker = Encoding.ASCII.GetBytes("PLAINTEXT-MARKER-0123456789");
        var p1 = marker.Concat(RandomNumberGenerator.GetBytes(5 * MiB)).ToArray();
        var p2 = marker.Concat(new byte[100]).ToArray();
        var sent = await Task.WhenAll(
            client.SendAsync(HttpMethod.Put, "/secret.bin", $"uploadId={uploadId}&partNumber=1", p1),
            client.SendAsync(HttpMethod.Put, "/secret.bin", $"partNumber=2&uploadId={uploadId}", p2)); // either order of sub-resources
        var (e1, e2) = (sent[0].Header("etag")!, sent[1].Header("etag")!);
        Assert.Equal("\"" + Convert.ToHexStringLower(MD5.HashData(p1)) + "\"", e1);

        var uploads = await client.SendAsync(HttpMethod.Get, "/", "uploads");
        Assert.True(uploads.Json.GetProperty("Upload")[0].GetProperty("Enable-Encryption").GetBoolean());
        var parts = await client.SendAsync(HttpMethod.Get, "/secret.bin", $"uploadId={uploadId}");
        Assert.Equal([1, 2], parts.Json.GetProperty("Part").EnumerateArray().Select(p => p.GetProperty("PartNumber").GetInt32()));

        var complete = await client.SendAsync(HttpMethod.Post, "/secret.bin", $"uploadId={uploadId}", CompleteBody((1, e1), (2, e2)));
        Assert.True(complete.Status == 200, complete.Text);
        Assert.Equal(["Bucket", "Key", "ETag"], complete.Json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(p1.Concat(p2).ToArray(), (await client.SendAsync(HttpMethod.Get, "/secret.bin")).Body);
        var head = await client.SendAsync(HttpMethod.Head, "/secret.bin");
        Assert.Equal(200, head.Status);
        Assert.Equal((p1.Length + p2.Length).ToString(System.Globalization.CultureInfo.InvariantCulture), head.Header("content-length"));

        var other = (await client.SendAsync(HttpMethod.Post, "/other.bin", "uploads")).Json.GetProperty("UploadId").GetString()!;
        Assert.Equal(204, (await client.SendAsync(HttpMethod.Delete, "/other.bin", $"uploadId={other}")).Status);
        AssertError(await client.SendAsync(HttpMethod.Get, "/other.bin", $"uploadId={other}"), 404, "NoSuchUpload");

        // While the object exists (before the delete, after which the collector may remove its blobs): its
        // two parts are on disk and no blob file holds the plaintext marker: the bytes are encrypted at rest.
        var blobs = (await _host.BlobsAsync()).Where(b => b.EndsWith('z')).ToList();
        Assert.True(blobs.Count >= 2, $"{blobs.Count} encrypted blobs for a two-part object");
        foreach (var blob in blobs)
        {
            Assert.Equal(-1, (await _host.ReadBlobAsync(blob)).AsSpan().IndexOf(marker));
        }

        Assert.Equal(204, (await client.SendAsync(HttpMethod.Delete, "/secret.bin")).Status);
        Assert.Equal(404, (await client.SendAsync(HttpMethod.Head, "/secret.bin")).Status);
    }

    /// <summary>The jss-only errors and edges (the errors every dialect has are in <see cref="DialectErrorTableTests"/>); none of them changes the upload.</summary>
    [Fact]
    public async Task EveryErrorIsAnsweredInJssFormat()
    {
        var (bucket, client) = await NewBucketAsync();
        var uploadId = (await client.SendAsync(HttpMethod.Post, "/k", "uploads")).Json.GetProperty("UploadId").GetString()!;
        var e1 = (await client.SendAsync(HttpMethod.Put, "/k", $"uploadId={uploadId}&partNumber=1", [1])).Header("etag")!;
        var e2 = (await client.SendAsync(HttpMethod.Put, "/k", $"uploadId={uploadId}&partNumber=2", [2])).Header("etag")!;

        AssertError(await client.SendAsync(HttpMethod.Put, "/k", "uploadId=&partNumber=1", [1]), 400, "InvalidArgument");
        AssertError(await client.SendAsync(HttpMethod.Post, "/k", "uploads", headers: new Dictionary<string, string> { ["x-jss-storage-class"] = "COLD" }), 400, "InvalidStorageClass");

        // More open uploads than max-uploads: the documented TooManyMultipartUploads, not InvalidArgument.
        _ = await client.SendAsync(HttpMethod.Post, "/k2", "uploads");
        AssertError(await client.SendAsync(HttpMethod.Get, "/", "uploads&max-uploads=1"), 400, "TooManyMultipartUploads");
        Assert.Equal(200, (await client.SendAsync(HttpMethod.Get, "/", "uploads&max-uploads=2")).Status);

        client.AccessKey = "nobody";
        AssertError(await client.SendAsync(HttpMethod.Post, "/x", "uploads"), 403, "InvalidAccessKey");
        client.AccessKey = ServiceHost.AccessKey;
        client.ClockOffset = TimeSpan.FromMinutes(20);
        AssertError(await client.SendAsync(HttpMethod.Post, "/x", "uploads"), 403, "RequestTimeTooSkewed");
        client.ClockOffset = TimeSpan.Zero;
        client.Sign = false;
        AssertError(await client.SendAsync(HttpMethod.Post, "/x", "uploads", headers: new Dictionary<string, string> { ["Authorization"] = "jingdong malformed" }), 400, "InvalidToken");
        client.Sign = true;

        var parts = await client.SendAsync(HttpMethod.Get, "/k", $"uploadId={uploadId}");
        Assert.Equal([1, 2], parts.Json.GetProperty("Part").EnumerateArray().Select(p => p.GetProperty("PartNumber").GetInt32()));
        Assert.Equal(200, (await client.SendAsync(HttpMethod.Post, "/k", $"uploadId={uploadId}", CompleteBody((2, e2)))).Status);
    }
}
