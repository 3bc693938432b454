using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>The cdcs dialect over real HTTP with a q-sign client: seed 000, the exclusive coffer rule, the lifecycle, every error.</summary>
public sealed class CdcsDialectTests(SqliteServiceFixture fixture) : IClassFixture<SqliteServiceFixture>
{
    private const int MiB = 1024 * 1024;
    private readonly CdcsClient _client = new(fixture.Host);

    private async Task<string> NewCofferAsync()
    {
        var name = "coffer" + Guid.NewGuid().ToString("N")[..8] + "-1250000000";
        Assert.Equal(200, (await _client.SendAsync(HttpMethod.Put, "/" + name)).Status);
        return name;
    }

    private async Task<string> InitiateAsync(string coffer, string key)
    {
        var reply = await _client.SendAsync(HttpMethod.Post, $"/{coffer}/{key}", "uploads");
        Assert.True(reply.Status == 200, reply.Text);
        return reply.Json.GetProperty("UploadId").GetString()!;
    }

    private async Task<string> PartAsync(string coffer, string key, string uploadId, int number, byte[] data)
    {
        var reply = await _client.SendAsync(HttpMethod.Put, $"/{coffer}/{key}", $"partNumber={number}&uploadId={uploadId}", data);
        Assert.True(reply.Status == 200, reply.Text);
        return reply.Header("etag")!;
    }

    private static byte[] CompleteBody(params (int Number, string ETag)[] parts) =>
        JsonSerializer.SerializeToUtf8Bytes(new { Part = parts.Select(p => new { PartNumber = p.Number, p.ETag }) });

    private static void AssertError(Reply reply, int status, string code)
    {
        Assert.True(reply.Status == status, $"expected {status} {code}, got {reply.Status}: {reply.Text}");
        var json = reply.Json;
        Assert.Equal(code, json.GetProperty("Code").GetString());
        Assert.Equal(["Code", "Message", "Resource", "RequestId", "TraceId"], json.EnumerateObject().Select(p => p.Name));
        Assert.NotNull(reply.Header("x-cdcs-request-id"));
        Assert.NotNull(reply.Header("x-cdcs-trace-id"));
    }

    [Fact]
    public async Task Seed000InitiateMatchesTheGoldenResponse()
    {
        Assert.Equal(200, (await _client.SendAsync(HttpMethod.Put, "/examplecoffer-1250000000")).Status);
        var reply = await _client.SendAsync(HttpMethod.Post, "/examplecoffer-1250000000/exampleobject", "uploads");
        Assert.Equal(200, reply.Status);
        Assert.StartsWith("application/json", reply.Header("content-type"));
        Assert.NotNull(reply.Header("x-cdcs-request-id"));
        var json = reply.Json;
        Assert.Equal(["Coffer", "Key", "UploadId"], json.EnumerateObject().Select(p => p.Name));
        Assert.Equal("examplecoffer-1250000000", json.GetProperty("Coffer").GetString());
        Assert.Equal("exampleobject", json.GetProperty("Key").GetString());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("UploadId").GetString()));

        // The seed's rule: while the upload is open, the key takes no other upload.
        AssertError(await _client.SendAsync(HttpMethod.Post, "/examplecoffer-1250000000/exampleobject", "uploads"), 409, "ObjectAlreadyExists");
    }

    [Fact]
    public async Task LifecycleInitiatePartsListCompleteGetAbort()
    {
        var coffer = await NewCofferAsync();
        var uploadId = await InitiateAsync(coffer, "dir/object.bin");
        var data = new[] { RandomNumberGenerator.GetBytes(MiB), RandomNumberGenerator.GetBytes(MiB), RandomNumberGenerator.GetBytes(1000) };
        var etags = await Task.WhenAll(data.Select((d, i) => PartAsync(coffer, "dir/object.bin", uploadId, i + 1, d)));

        var page = await _client.SendAsync(HttpMethod.Get, $"/{coffer}/dir/object.bin", $"uploadId={uploadId}&max-parts=2");
        Assert.Equal(200, page.Status);
        Assert.True(page.Json.GetProperty("IsTruncated").GetBoolean());
        Assert.Equal([1, 2], page.Json.GetProperty("Part").EnumerateArray().Select(p => p.GetProperty("PartNumber").GetInt32()));
        var rest = await _client.SendAsync(HttpMethod.Get, $"/{coffer}/dir/object.bin", $"uploadId={uploadId}&part-number-marker=2");
        Assert.Equal([3], rest.Json.GetProperty("Part").EnumerateArray().Select(p => p.GetProperty("PartNumber").GetInt32()));

        var uploads = await _client.SendAsync(HttpMethod.Get, $"/{coffer}", "uploads");
        Assert.Equal(uploadId, uploads.Json.GetProperty("Upload")[0].GetProperty("UploadId").GetString());

        var complete = await _client.SendAsync(HttpMethod.Post, $"/{coffer}/dir/object.bin", $"uploadId={uploadId}", CompleteBody(etags.Select((e, i) => (i + 1, e)).ToArray()));
        Assert.True(complete.Status == 200, complete.Text);
        Assert.Equal(["Locations", "Coffer", "Key", "ETag"], complete.Json.EnumerateObject().Select(p => p.Name));
        Assert.EndsWith("-3\"", complete.Json.GetProperty("ETag").GetString());

        var get = await _client.SendAsync(HttpMethod.Get, $"/{coffer}/dir/object.bin");
        Assert.Equal(data.SelectMany(d => d).ToArray(), get.Body);

        // The object exists: the coffer refuses a new upload of that key (owned by the caller).
        AssertError(await _client.SendAsync(HttpMethod.Post, $"/{coffer}/dir/object.bin", "uploads"), 409, "ObjectAlreadyExistsOwnedByYou");
        Assert.Equal(204, (await _client.SendAsync(HttpMethod.Delete, $"/{coffer}/dir/object.bin")).Status);

        var second = await InitiateAsync(coffer, "dir/object.bin");
        Assert.Equal(204, (await _client.SendAsync(HttpMethod.Delete, $"/{coffer}/dir/object.bin", $"uploadId={second}")).Status);
        AssertError(await _client.SendAsync(HttpMethod.Get, $"/{coffer}/dir/object.bin", $"uploadId={second}"), 404, "NoSuchUpload");
        await InitiateAsync(coffer, "dir/object.bin");
    }

    [Fact]
    public async Task HundredParallelInitiatesOnOneKeyHaveExactlyOneWinnerAndPutIsRefused()
    {
        var coffer = await NewCofferAsync();
        var replies = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => _client.SendAsync(HttpMethod.Post, $"/{coffer}/contested", "uploads")));
        Assert.Equal(1, replies.Count(r => r.Status == 200));
        Assert.All(replies.Where(r => r.Status != 200), r => AssertError(r, 409, "ObjectAlreadyExists"));
        AssertError(await _client.SendAsync(HttpMethod.Put, $"/{coffer}/contested", body: [1, 2, 3]), 409, "ObjectAlreadyExists");
    }

    /// <summary>The cdcs-only errors (the errors every dialect has are in <see cref="DialectErrorTableTests"/>); none of them changes the upload.</summary>
    [Fact]
    public async Task EveryErrorIsAnsweredInCdcsFormat()
    {
        var coffer = await NewCofferAsync();
        var uploadId = await InitiateAsync(coffer, "k");
        var e1 = await PartAsync(coffer, "k", uploadId, 1, new byte[MiB]);
        var e2 = await PartAsync(coffer, "k", uploadId, 2, new byte[10]);
        var e3 = await PartAsync(coffer, "k", uploadId, 3, new byte[10]);

        AssertError(await _client.SendAsync(HttpMethod.Post, $"/{coffer}/k", $"uploadId={uploadId}", CompleteBody((1, e1), (3, e3))), 400, "InvalidPart");
        AssertError(await _client.SendAsync(HttpMethod.Post, $"/{coffer}/k", $"uploadId={uploadId}", CompleteBody((2, e2), (1, e1))), 400, "InvalidPartOrder");
        AssertError(await _client.SendAsync(HttpMethod.Put, $"/{coffer}/k", $"partNumber=4&uploadId={uploadId}", [1, 2],
            new Dictionary<string, string> { ["Content-MD5"] = Convert.ToBase64String(MD5.HashData([9])) }), 400, "BadDigest");

        _client.AccessKey = "nobody";
        AssertError(await _client.SendAsync(HttpMethod.Post, $"/{coffer}/x", "uploads"), 403, "AccessDenied");
        _client.AccessKey = ServiceHost.AccessKey;
        _client.Sign = false;
        AssertError(await _client.SendAsync(HttpMethod.Post, $"/{coffer}/x", "uploads"), 403, "AccessDenied");
        _client.Sign = true;

        // Nothing above changed the upload.
        var parts = await _client.SendAsync(HttpMethod.Get, $"/{coffer}/k", $"uploadId={uploadId}");
        Assert.Equal([1, 2, 3], parts.Json.GetProperty("Part").EnumerateArray().Select(p => p.GetProperty("PartNumber").GetInt32()));
        Assert.Equal(200, (await _client.SendAsync(HttpMethod.Post, $"/{coffer}/k", $"uploadId={uploadId}", CompleteBody((1, e1), (2, e2)))).Status);
    }
}
