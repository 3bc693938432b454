using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.Multipart.Gateway.Core;
using Orleans.Multipart.Gateway.QingStor;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// QingStor's own SDK (qingstor-sdk-python 2.6.0) against the qingstor dialect, each request rebuilt as the SDK
/// builds and signs it (<see cref="QingStorSdkClient"/>): path-style bucket calls, keys with '=', ranges, the
/// stored headers on reads, ListObjects / ListBuckets and the bucket ACL (issue 18, item 8; issue 22).
/// </summary>
public sealed class QingStorSdkTests(SqliteServiceFixture fixture) : IClassFixture<SqliteServiceFixture>
{
    private readonly ServiceHost _host = fixture.Host;
    private readonly QingStorClient _documented = new(fixture.Host);

    private QingStorSdkClient Sdk(bool virtualHostStyle) => new(_host, virtualHostStyle: virtualHostStyle);

    /// <summary>A bucket made by the documented client (which the gateway verified before these fixes).</summary>
    private async Task<string> NewBucketAsync()
    {
        var name = "qs-sdk-" + Guid.NewGuid().ToString("N")[..10];
        Assert.Equal(200, (await _documented.SendAsync(HttpMethod.Put, "/" + name)).Status);
        return name;
    }

    private static void AssertStatus(Reply reply, int status, QingStorSdkClient sdk, string what) =>
        Assert.True(reply.Status == status, $"{what}: expected {status}, got {reply.Status} {reply.Text}\nsigned:\n{sdk.LastStringToSign}");

    private static void AssertError(Reply reply, int status, string code)
    {
        Assert.True(reply.Status == status, $"expected {status} {code}, got {reply.Status}: {reply.Text}");
        Assert.Equal(code, reply.Json.GetProperty("code").GetString());
    }

    private static JsonObject Grant(string type, string? id, string? name, string permission)
    {
        var grantee = new JsonObject { ["type"] = type };
        if (id is not null)
        {
            grantee["id"] = id;
        }

        if (name is not null)
        {
            grantee["name"] = name;
        }

        return new JsonObject { ["grantee"] = grantee, ["permission"] = permission };
    }

    private static JsonObject Acl(params JsonObject[] grants) => new() { ["acl"] = new JsonArray(grants) };

    public static TheoryData<string, bool> BucketCalls()
    {
        var data = new TheoryData<string, bool>();
        foreach (var api in new[] { "PutBucket", "HeadBucket", "DeleteBucket", "ListMultipartUploads", "ListObjects", "GetBucketACL", "PutBucketACL", "PutBucketCORS", "GetBucketCORS", "DeleteBucketCORS", "PutBucketLifecycle", "GetBucketLifecycle", "DeleteBucketLifecycle" })
        {
            data.Add(api, false);
            data.Add(api, true);
        }

        return data;
    }

    /// <summary>Path style (the SDK's default) signs the bucket root as "/bucket", virtual-host style as "/bucket/": both verify.</summary>
    [Theory]
    [MemberData(nameof(BucketCalls))]
    public async Task BucketCallsVerifyAsTheSdkSignsThem(string api, bool virtualHostStyle)
    {
        var sdk = Sdk(virtualHostStyle);
        var bucket = api == "PutBucket" ? "qs-sdk-" + Guid.NewGuid().ToString("N")[..10] : await NewBucketAsync();
        var cors = new JsonObject { ["cors_rules"] = new JsonArray(new JsonObject { ["allowed_origin"] = "https://app.example", ["allowed_methods"] = new JsonArray("GET", "PUT") }) };
        var lifecycle = new JsonObject
        {
            ["rule"] = new JsonArray(new JsonObject
            {
                ["id"] = "delete-logs", ["status"] = "enabled", ["filter"] = new JsonObject { ["prefix"] = "logs/" }, ["expiration"] = new JsonObject { ["days"] = 180 },
            }),
        };
        var (reply, status) = api switch
        {
            "PutBucket" => (await sdk.SendAsync("PUT", "/<bucket-name>", bucket), 200),
            "HeadBucket" => (await sdk.SendAsync("HEAD", "/<bucket-name>", bucket), 200),
            "DeleteBucket" => (await sdk.SendAsync("DELETE", "/<bucket-name>", bucket), 204),
            "ListMultipartUploads" => (await sdk.SendAsync("GET", "/<bucket-name>?uploads", bucket, parameters: new Dictionary<string, string?> { ["limit"] = "10", ["prefix"] = "a/" }), 200),
            "ListObjects" => (await sdk.SendAsync("GET", "/<bucket-name>", bucket, parameters: new Dictionary<string, string?> { ["delimiter"] = "/", ["limit"] = "10" }), 200),
            "GetBucketACL" => (await sdk.SendAsync("GET", "/<bucket-name>?acl", bucket), 200),
            "PutBucketACL" => (await sdk.SendAsync("PUT", "/<bucket-name>?acl", bucket, elements: Acl(Grant("user", "root", "root", "FULL_CONTROL"))), 200),
            "PutBucketCORS" => (await sdk.SendAsync("PUT", "/<bucket-name>?cors", bucket, elements: cors), 200),
            "GetBucketCORS" => (await sdk.SendAsync("GET", "/<bucket-name>?cors", bucket), 200),
            "DeleteBucketCORS" => (await sdk.SendAsync("DELETE", "/<bucket-name>?cors", bucket), 204),
            "PutBucketLifecycle" => (await sdk.SendAsync("PUT", "/<bucket-name>?lifecycle", bucket, elements: lifecycle), 200),
            "GetBucketLifecycle" => (await sdk.SendAsync("GET", "/<bucket-name>?lifecycle", bucket), 200),
            "DeleteBucketLifecycle" => (await sdk.SendAsync("DELETE", "/<bucket-name>?lifecycle", bucket), 204),
            _ => throw new ArgumentOutOfRangeException(nameof(api)),
        };
        AssertStatus(reply, status, sdk, api);

        // What the call did is visible to the documented client too.
        var head = await _documented.SendAsync(HttpMethod.Head, "/" + bucket);
        Assert.Equal(api == "DeleteBucket" ? 404 : 200, head.Status);
    }

    /// <summary>The SDK signs a key as urllib.parse.quote(key), '=' as %3D; the documented form keeps '='. Both verify, for every object call.</summary>
    [Theory]
    [InlineData("a=b", false)]
    [InlineData("a=b", true)]
    [InlineData("dir=1/sub=2/file.txt", false)]
    [InlineData("报告 v=2 (final)+x", false)]
    [InlineData("报告 v=2 (final)+x", true)]
    [InlineData("plain-key", false)]
    public async Task KeysVerifyAsTheSdkEncodesThem(string key, bool virtualHostStyle)
    {
        var sdk = Sdk(virtualHostStyle);
        var bucket = await NewBucketAsync();
        var data = RandomNumberGenerator.GetBytes(1000);
        AssertStatus(await sdk.SendAsync("PUT", "/<bucket-name>/<object-key>", bucket, objectKey: key, body: data), 201, sdk, "PutObject");
        AssertStatus(await sdk.SendAsync("HEAD", "/<bucket-name>/<object-key>", bucket, objectKey: key), 200, sdk, "HeadObject");
        var read = await sdk.SendAsync("GET", "/<bucket-name>/<object-key>", bucket, objectKey: key);
        AssertStatus(read, 200, sdk, "GetObject");
        Assert.Equal(data, read.Body);

        var init = await sdk.SendAsync("POST", "/<bucket-name>/<object-key>?uploads", bucket, objectKey: key);
        AssertStatus(init, 200, sdk, "InitiateMultipartUpload");
        Assert.Equal(key, init.Json.GetProperty("key").GetString());
        var uploadId = init.Json.GetProperty("upload_id").GetString()!;
        AssertStatus(await sdk.SendAsync("PUT", "/<bucket-name>/<object-key>", bucket, objectKey: key,
            parameters: new Dictionary<string, string?> { ["part_number"] = "0", ["upload_id"] = uploadId }, body: [1, 2, 3]), 201, sdk, "UploadMultipart");
        AssertStatus(await sdk.SendAsync("GET", "/<bucket-name>/<object-key>", bucket, objectKey: key,
            parameters: new Dictionary<string, string?> { ["upload_id"] = uploadId }), 200, sdk, "ListMultipart");
        AssertStatus(await sdk.SendAsync("DELETE", "/<bucket-name>/<object-key>", bucket, objectKey: key,
            parameters: new Dictionary<string, string?> { ["upload_id"] = uploadId }), 204, sdk, "AbortMultipartUpload");

        // The documented form ('=' kept, dialects.md) still verifies for the same key.
        var documentedPath = "/" + bucket + "/" + QingStorSdkClient.Quote(key);
        Assert.Equal(data, (await _documented.SendAsync(HttpMethod.Get, documentedPath)).Body);

        AssertStatus(await sdk.SendAsync("DELETE", "/<bucket-name>/<object-key>", bucket, objectKey: key), 204, sdk, "DeleteObject");
        Assert.Equal(404, (await _documented.SendAsync(HttpMethod.Head, documentedPath)).Status);
    }

    /// <summary>get_object(range=...) sends the Range header: 206 with Content-Range as the s3 port answers, 416 invalid_range when unsatisfiable.</summary>
    [Theory]
    [InlineData("bytes=10-19", 206, "bytes 10-19/100", 10, 10)]
    [InlineData("bytes=90-", 206, "bytes 90-99/100", 90, 10)]
    [InlineData("bytes=-5", 206, "bytes 95-99/100", 95, 5)]
    [InlineData("bytes=95-200", 206, "bytes 95-99/100", 95, 5)]
    [InlineData("bytes=0-1,5-6", 200, null, 0, 100)]
    [InlineData("bytes=100-", 416, null, 0, 0)]
    [InlineData("bytes=200-300", 416, null, 0, 0)]
    public async Task RangesAreServed(string range, int status, string? contentRange, int start, int length)
    {
        var sdk = Sdk(virtualHostStyle: true);
        var bucket = await NewBucketAsync();
        var data = RandomNumberGenerator.GetBytes(100);
        AssertStatus(await sdk.SendAsync("PUT", "/<bucket-name>/<object-key>", bucket, objectKey: "ranged", body: data), 201, sdk, "PutObject");

        var reply = await sdk.SendAsync("GET", "/<bucket-name>/<object-key>", bucket, objectKey: "ranged", headers: new Dictionary<string, string> { ["Range"] = range });
        if (status == 416)
        {
            AssertError(reply, 416, "invalid_range");
            Assert.Equal(["code", "message", "request_id", "url"], reply.Json.EnumerateObject().Select(p => p.Name));
            return;
        }

        AssertStatus(reply, status, sdk, "GetObject " + range);
        Assert.Equal(contentRange, reply.Header("content-range"));
        Assert.Equal(data.AsSpan(start, length).ToArray(), reply.Body);
    }

    /// <summary>HEAD and GET answer the storage class and user metadata stored at Initiate (and PutObject), in both metadata spellings.</summary>
    [Fact]
    public async Task ReadsReturnTheStoredStorageClassAndMetadata()
    {
        var sdk = Sdk(virtualHostStyle: true);
        var bucket = await NewBucketAsync();

        // initiate_multipart_upload(content_type=..., x_qs_meta_data={...}, x_qs_storage_class="STANDARD_IA")
        var init = await sdk.SendAsync("POST", "/<bucket-name>/<object-key>?uploads", bucket, objectKey: "report",
            headers: new Dictionary<string, string> { ["Content-Type"] = "text/csv", ["X-QS-Storage-Class"] = "STANDARD_IA" },
            metadata: new Dictionary<string, string> { ["author"] = "qing", ["Project"] = "omp" });
        AssertStatus(init, 200, sdk, "InitiateMultipartUpload");
        var uploadId = init.Json.GetProperty("upload_id").GetString()!;
        AssertStatus(await sdk.SendAsync("PUT", "/<bucket-name>/<object-key>", bucket, objectKey: "report",
            parameters: new Dictionary<string, string?> { ["part_number"] = "0", ["upload_id"] = uploadId }, body: Encoding.UTF8.GetBytes("a,b\n")), 201, sdk, "UploadMultipart");
        AssertStatus(await sdk.SendAsync("POST", "/<bucket-name>/<object-key>", bucket, objectKey: "report",
            parameters: new Dictionary<string, string?> { ["upload_id"] = uploadId },
            elements: new JsonObject { ["object_parts"] = new JsonArray(new JsonObject { ["part_number"] = 0 }) }), 201, sdk, "CompleteMultipartUpload");

        foreach (var method in new[] { "HEAD", "GET" })
        {
            var read = await sdk.SendAsync(method, "/<bucket-name>/<object-key>", bucket, objectKey: "report");
            AssertStatus(read, 200, sdk, method);
            Assert.Equal("STANDARD_IA", read.Header("x-qs-storage-class"));
            Assert.Equal("text/csv", read.Header("content-type"));
            Assert.Equal("qing", read.Header("x-qs-meta-author"));
            Assert.Equal("omp", read.Header("x-qs-meta-project"));
            Assert.Equal("qing", read.Header("x-qs-metadata-author"));
        }

        // put_object(x_qs_meta_data=...) without a storage class: STANDARD.
        AssertStatus(await sdk.SendAsync("PUT", "/<bucket-name>/<object-key>", bucket, objectKey: "notes", body: [1],
            metadata: new Dictionary<string, string> { ["tag"] = "t1" }), 201, sdk, "PutObject");
        var notes = await sdk.SendAsync("HEAD", "/<bucket-name>/<object-key>", bucket, objectKey: "notes");
        Assert.Equal("STANDARD", notes.Header("x-qs-storage-class"));
        Assert.Equal("t1", notes.Header("x-qs-meta-tag"));

        // The X-QS-MetaData-<name> spelling of dialects.md is stored and answered too.
        var documented = (await _documented.SendAsync(HttpMethod.Post, $"/{bucket}/colored", "uploads",
            headers: new Dictionary<string, string> { ["X-QS-MetaData-Color"] = "blue" })).Json.GetProperty("upload_id").GetString()!;
        Assert.Equal(201, (await _documented.SendAsync(HttpMethod.Put, $"/{bucket}/colored", $"upload_id={documented}&part_number=0", [9])).Status);
        Assert.Equal(201, (await _documented.SendAsync(HttpMethod.Post, $"/{bucket}/colored", $"upload_id={documented}",
            JsonSerializer.SerializeToUtf8Bytes(new { object_parts = new[] { new { part_number = 0 } } }))).Status);
        var colored = await _documented.SendAsync(HttpMethod.Head, $"/{bucket}/colored");
        Assert.Equal("blue", colored.Header("x-qs-metadata-color"));
        Assert.Equal("blue", colored.Header("x-qs-meta-color"));
    }

    /// <summary>list_objects pages as the SDK's documented loop does (next_marker until it is empty); list_buckets answers count and buckets.</summary>
    [Fact]
    public async Task ListObjectsAndListBucketsAreServed()
    {
        var sdk = Sdk(virtualHostStyle: true);
        var bucket = await NewBucketAsync();
        var bodies = new Dictionary<string, byte[]>();
        foreach (var key in new[] { "a/1", "a/2", "b", "c=d", "d.txt" })
        {
            bodies[key] = RandomNumberGenerator.GetBytes(10 + bodies.Count);
            AssertStatus(await sdk.SendAsync("PUT", "/<bucket-name>/<object-key>", bucket, objectKey: key, body: bodies[key]), 201, sdk, "PutObject " + key);
        }

        async Task<JsonElement> ListAsync(string? prefix, string? delimiter, string? marker, string? limit)
        {
            var reply = await sdk.SendAsync("GET", "/<bucket-name>", bucket,
                parameters: new Dictionary<string, string?> { ["delimiter"] = delimiter, ["limit"] = limit, ["marker"] = marker, ["prefix"] = prefix });
            AssertStatus(reply, 200, sdk, "ListObjects");
            return reply.Json;
        }

        var keys = new List<string>();
        var prefixes = new List<string>();
        string? next = "";
        var pages = 0;
        do
        {
            var page = await ListAsync(null, "/", next, "2");
            Assert.Equal(["name", "owner", "prefix", "delimiter", "limit", "marker", "next_marker", "has_more", "keys", "common_prefixes"], page.EnumerateObject().Select(p => p.Name));
            Assert.Equal(bucket, page.GetProperty("name").GetString());
            Assert.Equal(2, page.GetProperty("limit").GetInt32());
            keys.AddRange(page.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("key").GetString()!));
            prefixes.AddRange(page.GetProperty("common_prefixes").EnumerateArray().Select(p => p.GetString()!));
            next = page.GetProperty("next_marker").GetString();
            Assert.Equal(next != "", page.GetProperty("has_more").GetBoolean());
            Assert.True(++pages <= 5, "the paging loop does not end");
        }
        while (next != "");
        Assert.Equal(["b", "c=d", "d.txt"], keys);
        Assert.Equal(["a/"], prefixes);

        var all = await ListAsync(null, null, null, null);
        Assert.Equal(200, all.GetProperty("limit").GetInt32());
        var text = all.GetProperty("keys").EnumerateArray().Single(k => k.GetProperty("key").GetString() == "d.txt");
        Assert.Equal(["key", "mime_type", "etag", "size", "modified", "encrypted", "created", "storage_class"], text.EnumerateObject().Select(p => p.Name));
        Assert.Equal("text/plain", text.GetProperty("mime_type").GetString());
        Assert.Equal($"\"{Convert.ToHexStringLower(MD5.HashData(bodies["d.txt"]))}\"", text.GetProperty("etag").GetString());
        Assert.Equal(bodies["d.txt"].Length, text.GetProperty("size").GetInt64());
        Assert.InRange(text.GetProperty("modified").GetInt64(), DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds());
        Assert.Equal("STANDARD", text.GetProperty("storage_class").GetString());
        Assert.False(text.GetProperty("encrypted").GetBoolean());

        Assert.Equal(["a/1", "a/2"], (await ListAsync("a/", null, null, null)).GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("key").GetString()));
        Assert.Equal(["d.txt"], (await ListAsync(null, null, "c=d", null)).GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("key").GetString()));
        AssertError(await sdk.SendAsync("GET", "/<bucket-name>", bucket, parameters: new Dictionary<string, string?> { ["limit"] = "many" }), 400, "invalid_argument");
        AssertError(await sdk.SendAsync("GET", "/<bucket-name>", "qs-sdk-no-such-bucket"), 404, "bucket_not_exists");

        // list_buckets(): GET / on the service host (no zone), with offset and limit.
        var service = await sdk.SendAsync("GET", "/", zone: "");
        AssertStatus(service, 200, sdk, "ListBuckets");
        Assert.Equal(["count", "buckets"], service.Json.EnumerateObject().Select(p => p.Name));
        var count = service.Json.GetProperty("count").GetInt32();
        var listed = service.Json.GetProperty("buckets").EnumerateArray().ToList();
        Assert.Equal(Math.Min(count, 200), listed.Count);
        var mine = listed.Single(b => b.GetProperty("name").GetString() == bucket);
        Assert.Equal(["name", "location", "url", "created"], mine.EnumerateObject().Select(p => p.Name));
        Assert.Equal("pek3a", mine.GetProperty("location").GetString());
        Assert.True(DateTimeOffset.TryParse(mine.GetProperty("created").GetString(), out _));
        var one = (await sdk.SendAsync("GET", "/", zone: "", parameters: new Dictionary<string, string?> { ["limit"] = "1", ["offset"] = "1" })).Json;
        Assert.Equal(count, one.GetProperty("count").GetInt32());
        Assert.Equal(listed[1].GetProperty("name").GetString(), Assert.Single(one.GetProperty("buckets").EnumerateArray()).GetProperty("name").GetString());
    }

    private const string RootFullControl = "{\"grantee\":{\"type\":\"user\",\"id\":\"root\",\"name\":\"root\"},\"permission\":\"FULL_CONTROL\"}";
    private const string AllUsersRead = "{\"grantee\":{\"type\":\"group\",\"name\":\"QS_ALL_USERS\"},\"permission\":\"READ\"}";

    public static TheoryData<string, JsonObject, string, bool> AclDocuments() => new()
    {
        { "QS_ALL_USERS READ", Acl(Grant("group", null, "QS_ALL_USERS", "READ")), RootFullControl + "," + AllUsersRead, false },
        { "QS_ALL_USERS FULL_CONTROL", Acl(Grant("group", null, "QS_ALL_USERS", "FULL_CONTROL")), RootFullControl + ",{\"grantee\":{\"type\":\"group\",\"name\":\"QS_ALL_USERS\"},\"permission\":\"FULL_CONTROL\"}", true },
        { "another user READ", Acl(Grant("user", "usr-someone", null, "READ")), RootFullControl + ",{\"grantee\":{\"type\":\"user\",\"id\":\"usr-someone\",\"name\":\"usr-someone\"},\"permission\":\"READ\"}", false },
        { "owner FULL_CONTROL and QS_ALL_USERS READ", Acl(Grant("user", "root", "root", "FULL_CONTROL"), Grant("group", null, "QS_ALL_USERS", "READ")), RootFullControl + "," + AllUsersRead, false },
        { "owner FULL_CONTROL only", Acl(Grant("user", "root", "root", "FULL_CONTROL")), RootFullControl, false },
        { "QS_ALL_USERS WRITE", Acl(Grant("group", null, "QS_ALL_USERS", "WRITE")), RootFullControl + ",{\"grantee\":{\"type\":\"group\",\"name\":\"QS_ALL_USERS\"},\"permission\":\"WRITE\"}", true },
        { "no grants", Acl(), RootFullControl, false },
    };

    /// <summary>
    /// put_acl stores every grant: get_acl shows the owner's FULL_CONTROL and each grant put (before, a QS_ALL_USERS READ
    /// grant answered 200 and was gone on get_acl); unsigned writes are let in exactly when QS_ALL_USERS may write.
    /// </summary>
    [Theory]
    [MemberData(nameof(AclDocuments))]
    public async Task PutAclStoresEveryGrant(string grants, JsonObject document, string shownGrants, bool anonymousWrite)
    {
        var sdk = Sdk(virtualHostStyle: true);
        var bucket = await NewBucketAsync();
        AssertStatus(await sdk.SendAsync("PUT", "/<bucket-name>?acl", bucket, elements: document), 200, sdk, grants);

        var shown = await sdk.SendAsync("GET", "/<bucket-name>?acl", bucket);
        AssertStatus(shown, 200, sdk, "GetBucketACL");
        Assert.Equal("{\"owner\":{\"id\":\"root\",\"name\":\"root\"},\"acl\":[" + shownGrants + "]}", shown.Text);
        var anonymous = new QingStorClient(_host, $"{bucket}.pek3a.qingstor.test") { Sign = false };
        Assert.Equal(anonymousWrite ? 200 : 403, (await anonymous.SendAsync(HttpMethod.Post, "/anonymous", "uploads")).Status);
    }

    public static TheoryData<string, JsonObject, string> RefusedAclDocuments() => new()
    {
        { "an unknown group", Acl(Grant("group", null, "QS_NOBODY", "READ")), "invalid_argument" },
        { "an account id that cannot exist", Acl(Grant("user", "Not An Account!", null, "READ")), "invalid_argument" },
        { "an unknown permission", Acl(Grant("group", null, "QS_ALL_USERS", "READ_ACP")), "invalid_argument" },
        { "a user without an id", Acl(Grant("user", null, null, "READ")), "invalid_argument" },
    };

    /// <summary>A refused put_acl answers QingStor's error and leaves the stored grants as they were.</summary>
    [Theory]
    [MemberData(nameof(RefusedAclDocuments))]
    public async Task RefusedPutAclChangesNothing(string what, JsonObject document, string code)
    {
        var sdk = Sdk(virtualHostStyle: true);
        var bucket = await NewBucketAsync();
        AssertStatus(await sdk.SendAsync("PUT", "/<bucket-name>?acl", bucket, elements: Acl(Grant("group", null, "QS_ALL_USERS", "READ"))), 200, sdk, "PutBucketACL READ");
        var before = (await sdk.SendAsync("GET", "/<bucket-name>?acl", bucket)).Text;

        var reply = await sdk.SendAsync("PUT", "/<bucket-name>?acl", bucket, elements: document);
        Assert.True(reply.Status == 400, $"{what}: {reply.Status} {reply.Text}");
        Assert.Equal(code, reply.Json.GetProperty("code").GetString());
        Assert.Equal(before, (await sdk.SendAsync("GET", "/<bucket-name>?acl", bucket)).Text);
    }

    /// <summary>
    /// put_policy / get_policy / delete_policy as the SDK sends them: the statements kept as written, the same policy read
    /// through the s3 dialect in S3's language, gone after delete (404 bucket_policy_not_exists), a bad one refused.
    /// </summary>
    [Fact]
    public async Task PolicyIsStoredReadAndDeleted()
    {
        var sdk = Sdk(virtualHostStyle: true);
        var bucket = await NewBucketAsync();
        AssertError(await sdk.SendAsync("GET", "/<bucket-name>?policy", bucket), 404, "bucket_policy_not_exists");

        var statement = new JsonObject
        {
            ["id"] = "allow everyone to get",
            ["user"] = "*",
            ["action"] = new JsonArray("get_object"),
            ["effect"] = "allow",
            ["resource"] = new JsonArray($"{bucket}/*"),
        };
        var document = new JsonObject { ["statement"] = new JsonArray(statement) };
        AssertStatus(await sdk.SendAsync("PUT", "/<bucket-name>?policy", bucket, elements: document), 200, sdk, "PutBucketPolicy");

        var shown = await sdk.SendAsync("GET", "/<bucket-name>?policy", bucket);
        AssertStatus(shown, 200, sdk, "GetBucketPolicy");
        Assert.True(JsonNode.DeepEquals(document, JsonNode.Parse(shown.Text)), shown.Text);

        var s3 = DialectUnderTest.All["s3"].CreateClient(_host);
        var asS3 = await s3.SendAsync(HttpMethod.Get, "/" + bucket, "policy");
        Assert.True(asS3.Status == 200, asS3.Text);
        Assert.Contains("s3:GetObject", asS3.Text, StringComparison.Ordinal);
        Assert.Contains($"arn:aws:s3:::{bucket}/*", asS3.Text, StringComparison.Ordinal);

        statement["action"] = new JsonArray("fly_object");
        AssertError(await sdk.SendAsync("PUT", "/<bucket-name>?policy", bucket, elements: document), 400, "invalid_request");
        Assert.Equal(shown.Text, (await sdk.SendAsync("GET", "/<bucket-name>?policy", bucket)).Text);

        AssertStatus(await sdk.SendAsync("DELETE", "/<bucket-name>?policy", bucket), 204, sdk, "DeleteBucketPolicy");
        AssertError(await sdk.SendAsync("GET", "/<bucket-name>?policy", bucket), 404, "bucket_policy_not_exists");
    }
}
