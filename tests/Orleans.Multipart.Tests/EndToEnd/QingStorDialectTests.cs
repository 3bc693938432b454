using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Orleans.Multipart.Tests.Infrastructure;
using Orleans.Multipart.Tests.Infrastructure.Signers;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>The qingstor dialect over real HTTP with a QS-signing client: seed 003, 0-based parts, 201s, errors.</summary>
public sealed class QingStorDialectTests(SqliteServiceFixture fixture) : IClassFixture<SqliteServiceFixture>
{
    private const int MiB = 1024 * 1024;
    private readonly ServiceHost _host = fixture.Host;
    private readonly QingStorClient _zone = new(fixture.Host);

    private async Task<(string Bucket, QingStorClient Client)> NewBucketAsync()
    {
        var name = "qs-" + Guid.NewGuid().ToString("N")[..10];
        Assert.Equal(200, (await _zone.SendAsync(HttpMethod.Put, "/" + name)).Status);
        return (name, new QingStorClient(_host, $"{name}.pek3a.qingstor.test"));
    }

    private static void AssertError(Reply reply, int status, string code)
    {
        Assert.True(reply.Status == status, $"expected {status} {code}, got {reply.Status}: {reply.Text}");
        var json = reply.Json;
        Assert.Equal(["code", "message", "request_id", "url"], json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(code, json.GetProperty("code").GetString());
        Assert.NotNull(reply.Header("x-qs-request-id"));
    }

    private static byte[] CompleteBody(params (int Number, string? ETag)[] parts) =>
        JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object> { ["object_parts"] = parts.Select(p => new Dictionary<string, object?> { ["part_number"] = p.Number, ["etag"] = p.ETag }).ToList() });

    /// <summary>The documented multipart ETag: hex(md5(concatenated binary part MD5s))-N.</summary>
    private static string CompletionPlannerETag(byte[][] parts) =>
        Convert.ToHexStringLower(MD5.HashData(parts.SelectMany(MD5.HashData).ToArray())) + "-" + parts.Length;

    [Fact]
    public async Task Seed003InitiateMatchesTheGoldenResponse()
    {
        Assert.Equal(200, (await _zone.SendAsync(HttpMethod.Put, "/mybucket")).Status);
        var client = new QingStorClient(_host, "mybucket.pek3a.qingstor.test");
        var reply = await client.SendAsync(HttpMethod.Post, "/large-object", "uploads");
        Assert.Equal(200, reply.Status);
        Assert.StartsWith("application/json", reply.Header("content-type"));
        Assert.NotNull(reply.Header("x-qs-request-id"));
        Assert.Equal("QingStor", reply.Header("server"));
        var json = reply.Json;
        Assert.Equal(["upload_id", "bucket", "key"], json.EnumerateObject().Select(p => p.Name));
        Assert.Equal("mybucket", json.GetProperty("bucket").GetString());
        Assert.Equal("large-object", json.GetProperty("key").GetString());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("upload_id").GetString()));
    }

    [Fact]
    public async Task LifecycleWithZeroBasedPartsVirtualHostAndPathStyle()
    {
        var (bucket, client) = await NewBucketAsync();
        var init = await client.SendAsync(HttpMethod.Post, "/big", "uploads", headers: new Dictionary<string, string> { ["X-QS-Storage-Class"] = "STANDARD_IA" });
        var uploadId = init.Json.GetProperty("upload_id").GetString()!;
        var data = new[] { RandomNumberGenerator.GetBytes(4 * MiB), RandomNumberGenerator.GetBytes(4 * MiB), RandomNumberGenerator.GetBytes(5) };
        var replies = await Task.WhenAll(data.Select((d, i) => client.SendAsync(HttpMethod.Put, "/big", $"upload_id={uploadId}&part_number={i}", d)));
        Assert.All(replies, r => Assert.Equal(201, r.Status));

        var listed = await client.SendAsync(HttpMethod.Get, "/big", $"upload_id={uploadId}&limit=2");
        Assert.Equal(2, listed.Json.GetProperty("count").GetInt32());
        Assert.Equal([0, 1], listed.Json.GetProperty("object_parts").EnumerateArray().Select(p => p.GetProperty("part_number").GetInt32()));
        var after = await client.SendAsync(HttpMethod.Get, "/big", $"upload_id={uploadId}&part_number_marker=1");
        Assert.Equal([2], after.Json.GetProperty("object_parts").EnumerateArray().Select(p => p.GetProperty("part_number").GetInt32()));

        // Path style reaches the same bucket.
        var uploads = await _zone.SendAsync(HttpMethod.Get, "/" + bucket, "uploads");
        Assert.True(uploads.Status == 200, uploads.Text);
        Assert.Equal(uploadId, uploads.Json.GetProperty("uploads")[0].GetProperty("upload_id").GetString());

        var complete = await client.SendAsync(HttpMethod.Post, "/big", $"upload_id={uploadId}", CompleteBody((0, replies[0].Header("etag")), (1, null), (2, replies[2].Header("etag"))));
        Assert.True(complete.Status == 201, complete.Text);
        Assert.Empty(complete.Body);
        Assert.Equal(data.SelectMany(d => d).ToArray(), (await client.SendAsync(HttpMethod.Get, "/big")).Body);

        Assert.Equal($"\"{CompletionPlannerETag(data)}\"", (await client.SendAsync(HttpMethod.Get, "/big")).Header("etag"));

        // The optional ETag header on Complete names the object's ETag.
        var named = (await client.SendAsync(HttpMethod.Post, "/named", "uploads")).Json.GetProperty("upload_id").GetString()!;
        await client.SendAsync(HttpMethod.Put, "/named", $"upload_id={named}&part_number=0", [5]);
        Assert.Equal(201, (await client.SendAsync(HttpMethod.Post, "/named", $"upload_id={named}", CompleteBody((0, null)), new Dictionary<string, string> { ["ETag"] = "\"my-own-etag\"" })).Status);
        Assert.Equal("\"my-own-etag\"", (await client.SendAsync(HttpMethod.Get, "/named")).Header("etag"));

        var second = (await client.SendAsync(HttpMethod.Post, "/big", "uploads")).Json.GetProperty("upload_id").GetString()!;
        Assert.Equal(204, (await client.SendAsync(HttpMethod.Delete, "/big", $"upload_id={second}")).Status);
        AssertError(await client.SendAsync(HttpMethod.Put, "/big", $"upload_id={second}&part_number=0", [1]), 404, "upload_not_exists");
    }

    /// <summary>The qingstor-only errors and edges (the errors every dialect has are in <see cref="DialectErrorTableTests"/>); none of them changes the upload.</summary>
    [Fact]
    public async Task EveryErrorIsAnsweredInQingStorFormat()
    {
        var (bucket, client) = await NewBucketAsync();
        var uploadId = (await client.SendAsync(HttpMethod.Post, "/k", "uploads")).Json.GetProperty("upload_id").GetString()!;
        var e0 = (await client.SendAsync(HttpMethod.Put, "/k", $"upload_id={uploadId}&part_number=0", new byte[4 * MiB - 1])).Header("etag");
        var e1 = (await client.SendAsync(HttpMethod.Put, "/k", $"upload_id={uploadId}&part_number=1", [1])).Header("etag");

        AssertError(await client.SendAsync(HttpMethod.Post, "/k", "uploads", headers: new Dictionary<string, string> { ["X-QS-Storage-Class"] = "GLACIER" }), 400, "invalid_request");
        AssertError(await client.SendAsync(HttpMethod.Post, "/k", $"upload_id={uploadId}", CompleteBody((0, e0), (1, e1))), 400, "entity_too_small");
        AssertError(await client.SendAsync(HttpMethod.Put, "/k", $"upload_id={uploadId}&part_number=2", [1, 2],
            new Dictionary<string, string> { ["Content-MD5"] = Convert.ToBase64String(MD5.HashData([9])) }), 400, "bad_digest");
        AssertError(await new QingStorClient(_host, "no-such-bucket.pek3a.qingstor.test").SendAsync(HttpMethod.Post, "/k", "uploads"), 404, "bucket_not_exists");
        AssertError(await client.SendAsync(HttpMethod.Get, "/missing"), 404, "object_not_exists");

        client.AccessKey = "nobody";
        AssertError(await client.SendAsync(HttpMethod.Post, "/x", "uploads"), 401, "invalid_access_key_id");
        client.AccessKey = ServiceHost.AccessKey;
        client.Sign = false;
        AssertError(await client.SendAsync(HttpMethod.Post, "/x", "uploads"), 403, "permission_denied");
        client.Sign = true;

        var parts = await client.SendAsync(HttpMethod.Get, "/k", $"upload_id={uploadId}");
        Assert.Equal([0, 1], parts.Json.GetProperty("object_parts").EnumerateArray().Select(p => p.GetProperty("part_number").GetInt32()));
    }

    [Fact]
    public async Task AnonymousWritableBucketAcceptsUnsignedWritesOnly()
    {
        var (bucket, client) = await NewBucketAsync();
        var anonymous = new QingStorClient(_host, $"{bucket}.pek3a.qingstor.test") { Sign = false };
        AssertError(await anonymous.SendAsync(HttpMethod.Post, "/public", "uploads"), 403, "permission_denied");

        var acl = JsonSerializer.SerializeToUtf8Bytes(new { acl = new[] { new { grantee = new { type = "group", name = "QS_ALL_USERS" }, permission = "WRITE" } } });
        Assert.Equal(200, (await client.SendAsync(HttpMethod.Put, "/", "acl", acl)).Status);
        var shown = await client.SendAsync(HttpMethod.Get, "/", "acl");
        Assert.Contains("QS_ALL_USERS", shown.Text);

        var init = await anonymous.SendAsync(HttpMethod.Post, "/public", "uploads");
        Assert.True(init.Status == 200, init.Text);
        var uploadId = init.Json.GetProperty("upload_id").GetString()!;
        Assert.Equal(201, (await anonymous.SendAsync(HttpMethod.Put, "/public", $"upload_id={uploadId}&part_number=0", [7, 7])).Status);
        Assert.Equal(201, (await anonymous.SendAsync(HttpMethod.Post, "/public", $"upload_id={uploadId}", CompleteBody((0, null)))).Status);
        AssertError(await anonymous.SendAsync(HttpMethod.Get, "/public"), 403, "permission_denied");
        Assert.Equal([7, 7], (await client.SendAsync(HttpMethod.Get, "/public")).Body);

        // A signed request with a bad signature is still refused, anonymous bucket or not.
        client.SecretKey = "wrong";
        AssertError(await client.SendAsync(HttpMethod.Post, "/public2", "uploads"), 401, "signature_not_matched");
        client.SecretKey = ServiceHost.SecretKey;
    }

    [Fact]
    public async Task QuerySignedUrlsWork()
    {
        var (bucket, client) = await NewBucketAsync();
        Assert.Equal(201, (await client.SendAsync(HttpMethod.Put, "/shared", body: Encoding.UTF8.GetBytes("hello"))).Status); // QingStor answers PutObject 201
        var expires = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var toSign = QingStorTestSigner.StringToSign("GET", "", "", expires, [], QingStorTestSigner.CanonicalResource(bucket, "/shared", []));
        var signature = Uri.EscapeDataString(QingStorTestSigner.Sign(ServiceHost.SecretKey, toSign));
        var anonymous = new QingStorClient(_host, $"{bucket}.pek3a.qingstor.test") { Sign = false };
        var reply = await anonymous.SendAsync(HttpMethod.Get, "/shared", $"access_key_id={ServiceHost.AccessKey}&expires={expires}&signature={signature}");
        Assert.True(reply.Status == 200, reply.Text);
        Assert.Equal("hello", reply.Text);
        AssertError(await anonymous.SendAsync(HttpMethod.Get, "/shared", $"access_key_id={ServiceHost.AccessKey}&expires={expires}&signature=AAAA"), 401, "signature_not_matched");
    }
}
