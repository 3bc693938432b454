using System.Net;
using System.Text.Json.Nodes;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// The admin API (/-/admin) on a real service over real HTTP: signed by the root key (an administrator), refused
/// unsigned or badly signed, reports buckets and uploads with the bytes they hold, creates/deletes buckets, sets
/// grants and policies, aborts uploads, writes an audit line per change; Admin:Port and Admin:Enabled.
/// </summary>
public sealed class AdminApiTests : IAsyncLifetime
{
    private readonly CapturingLoggerProvider _logs = new();
    private ServiceHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await ServiceHost.StartAsync(StoreKind.Sqlite, new Dictionary<string, string> { ["Logging:LogLevel:Orleans.Multipart.Gateway.Admin"] = "Information" });
        _host.Services.GetRequiredService<ILoggerFactory>().AddProvider(_logs);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("GET", "accounts")]
    [InlineData("GET", "buckets")]
    [InlineData("POST", "buckets")]
    [InlineData("GET", "uploads")]
    [InlineData("PUT", "buckets/admin-unsigned/policy")]
    [InlineData("DELETE", "buckets/admin-unsigned")]
    public async Task UnsignedRequestsAreRefusedAndChangeNothing(string method, string path)
    {
        using var s3 = _host.CreateS3Client();
        await s3.PutBucketAsync("admin-unsigned");
        using var admin = new AdminHttp(_host.BaseAddress);

        var answer = await admin.SendAsync(new HttpMethod(method), path, method is "POST" ? new { name = "admin-unsigned-new" } : method is "PUT" ? "{\"Version\":\"2012-10-17\",\"Statement\":[]}" : null, signed: false);

        Assert.Equal(HttpStatusCode.Forbidden, answer.Status);
        Assert.Equal("MissingSignature", answer.Error);
        var buckets = (await admin.GetAsync("buckets")).Json!.AsArray().Select(b => b!["name"]!.GetValue<string>()).ToList();
        Assert.Contains("admin-unsigned", buckets);
        Assert.DoesNotContain("admin-unsigned-new", buckets);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("buckets/admin-unsigned/policy")).Status);
    }

    [Theory]
    [InlineData(ServiceHost.AccessKey, "not-the-secret", "SignatureDoesNotMatch")]
    [InlineData("no-such-access-key", ServiceHost.SecretKey, "InvalidAccessKeyId")]
    public async Task BadlySignedRequestsAreRefused(string accessKey, string secretKey, string error)
    {
        using var admin = new AdminHttp(_host.BaseAddress, accessKey, secretKey);

        var answer = await admin.PostAsync("buckets", new { name = "admin-badly-signed" });

        Assert.Equal(HttpStatusCode.Forbidden, answer.Status);
        Assert.Equal(error, answer.Error);
        using var root = new AdminHttp(_host.BaseAddress);
        Assert.Equal(HttpStatusCode.NotFound, (await root.GetAsync("buckets/admin-badly-signed")).Status);
        var refusal = await _logs.WaitForAsync(e => e.Category == "Orleans.Multipart.Gateway.Admin.Audit" && e["ErrorCode"] == error);
        Assert.Equal(accessKey, refusal["AccessKeyId"]);
        Assert.DoesNotContain(_logs.Entries, e => e.Message.Contains(secretKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task BucketsListReportsOwnerRuleObjectsBytesAndOpenUploadBytes()
    {
        using var s3 = _host.CreateS3Client();
        await s3.PutBucketAsync("admin-usage");
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = "admin-usage", Key = "a", ContentBody = new string('a', 1000) });
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = "admin-usage", Key = "b", ContentBody = new string('b', 234) });
        var upload = await s3.InitiateMultipartUploadAsync("admin-usage", "big");
        await s3.UploadPartAsync(new UploadPartRequest { BucketName = "admin-usage", Key = "big", UploadId = upload.UploadId, PartNumber = 1, InputStream = new MemoryStream(new byte[4096]) });
        await s3.UploadPartAsync(new UploadPartRequest { BucketName = "admin-usage", Key = "big", UploadId = upload.UploadId, PartNumber = 2, InputStream = new MemoryStream(new byte[100]) });
        await s3.InitiateMultipartUploadAsync("admin-usage", "empty");
        using var admin = new AdminHttp(_host.BaseAddress);

        var answer = await admin.GetAsync("buckets");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        var bucket = answer.Json!.AsArray().Single(b => b!["name"]!.GetValue<string>() == "admin-usage")!;
        Assert.Equal("root", bucket["owner"]!.GetValue<string>());
        Assert.Equal("concurrent", bucket["rule"]!.GetValue<string>());
        Assert.Equal(2, bucket["objects"]!.GetValue<long>());
        Assert.Equal(1234, bucket["bytes"]!.GetValue<long>());
        Assert.Equal(2, bucket["openUploads"]!.GetValue<long>());
        Assert.Equal(4196, bucket["uploadBytes"]!.GetValue<long>());
        Assert.Equal(bucket.ToJsonString(), (await admin.GetAsync("buckets/admin-usage")).Json!.ToJsonString());
    }

    [Fact]
    public async Task BucketsCreateWithARuleThenDelete()
    {
        using var admin = new AdminHttp(_host.BaseAddress);
        using var s3 = _host.CreateS3Client();

        var created = await admin.PostAsync("buckets", new { name = "admin-made", rule = "exclusive" });

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal("exclusive", created.Json!["rule"]!.GetValue<string>());
        Assert.Equal("root", created.Json!["owner"]!.GetValue<string>());
        Assert.Contains((await s3.ListBucketsAsync()).Buckets, b => b.BucketName == "admin-made");

        // Exclusive: a second upload of one key is refused while the first is open (the CDCS rule).
        await s3.InitiateMultipartUploadAsync("admin-made", "k");
        await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.InitiateMultipartUploadAsync("admin-made", "k"));

        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync("buckets", new { name = "admin-made" })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync("buckets", new { name = "Not_A_Bucket" })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync("buckets", new { name = "admin-rule", rule = "sometimes" })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("buckets/admin-rule")).Status);

        await s3.PutObjectAsync(new PutObjectRequest { BucketName = "admin-made", Key = "x", ContentBody = "x" });
        var notEmpty = await admin.DeleteAsync("buckets/admin-made");
        Assert.Equal(HttpStatusCode.Conflict, notEmpty.Status);
        Assert.Equal("BucketNotEmpty", notEmpty.Error);

        await s3.DeleteObjectAsync("admin-made", "x");
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("buckets/admin-made")).Status);
        Assert.DoesNotContain((await s3.ListBucketsAsync()).Buckets ?? [], b => b.BucketName == "admin-made");
        var gone = await admin.DeleteAsync("buckets/admin-made");
        Assert.Equal(HttpStatusCode.NotFound, gone.Status);
        Assert.Equal("NoSuchBucket", gone.Error);
    }

    [Fact]
    public async Task GrantsAreSetAndReadBackAndBadGrantsChangeNothing()
    {
        using var s3 = _host.CreateS3Client();
        await s3.PutBucketAsync("admin-grants");
        using var admin = new AdminHttp(_host.BaseAddress);

        var initial = await admin.GetAsync("buckets/admin-grants/grants");
        Assert.Equal(HttpStatusCode.OK, initial.Status);
        Assert.Equal("root", initial.Json!["owner"]!.GetValue<string>());

        var set = await admin.PutAsync("buckets/admin-grants/grants", new
        {
            grants = new object[]
            {
                new { grantee = new { type = "all-users" }, permission = "read" },
                new { grantee = new { type = "account", id = "someone" }, permission = "full-control" },
            },
        });
        Assert.Equal(HttpStatusCode.OK, set.Status);
        var after = (await admin.GetAsync("buckets/admin-grants/grants")).Json!;
        Assert.Equal(after.ToJsonString(), set.Json!.ToJsonString());
        var grants = after["grants"]!.AsArray();
        Assert.Equal(2, grants.Count);
        Assert.Equal("all-users", grants[0]!["grantee"]!["type"]!.GetValue<string>());
        Assert.Equal("read", grants[0]!["permission"]!.GetValue<string>());
        Assert.Equal("someone", grants[1]!["grantee"]!["id"]!.GetValue<string>());

        foreach (var bad in new object[]
        {
            new { grants = new object[] { new { grantee = new { type = "account" }, permission = "read" } } },
            new { grants = new object[] { new { grantee = new { type = "everyone" }, permission = "read" } } },
            new { grants = new object[] { new { grantee = new { type = "all-users" }, permission = "own" } } },
            new { },
        })
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutAsync("buckets/admin-grants/grants", bad)).Status);
        }

        Assert.Equal(after.ToJsonString(), (await admin.GetAsync("buckets/admin-grants/grants")).Json!.ToJsonString());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PutAsync("buckets/admin-no-grants/grants", new { grants = Array.Empty<object>() })).Status);
    }

    [Fact]
    public async Task PolicyIsSetReadBackExactlyAndDeleted()
    {
        using var s3 = _host.CreateS3Client();
        await s3.PutBucketAsync("admin-policy");
        using var admin = new AdminHttp(_host.BaseAddress);
        const string Policy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::admin-policy/*"}]}""";

        var none = await admin.GetAsync("buckets/admin-policy/policy");
        Assert.Equal(HttpStatusCode.NotFound, none.Status);
        Assert.Equal("NoSuchBucketPolicy", none.Error);

        var malformed = await admin.PutAsync("buckets/admin-policy/policy", "{ not json");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.Status);
        Assert.Equal("MalformedPolicy", malformed.Error);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("buckets/admin-policy/policy")).Status);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PutAsync("buckets/admin-policy/policy", Policy)).Status);
        var read = await admin.GetAsync("buckets/admin-policy/policy");
        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.Equal(Policy, read.Text);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("buckets/admin-policy/policy")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("buckets/admin-policy/policy")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PutAsync("buckets/admin-no-policy/policy", Policy)).Status);
    }

    [Fact]
    public async Task UploadsOlderThanAreListedWithTheirPartBytesAndAborted()
    {
        using var s3 = _host.CreateS3Client();
        await s3.PutBucketAsync("admin-uploads");
        var first = await s3.InitiateMultipartUploadAsync("admin-uploads", "dir/one");
        await s3.UploadPartAsync(new UploadPartRequest { BucketName = "admin-uploads", Key = "dir/one", UploadId = first.UploadId, PartNumber = 1, InputStream = new MemoryStream(new byte[777]) });
        var second = await s3.InitiateMultipartUploadAsync("admin-uploads", "two");
        using var admin = new AdminHttp(_host.BaseAddress);

        var listed = (await admin.GetAsync("uploads?older-than=0s&bucket=admin-uploads")).Json!.AsArray();
        Assert.Equal(new[] { first.UploadId, second.UploadId }.Order(), listed.Select(u => u!["uploadId"]!.GetValue<string>()).Order());
        var one = listed.Single(u => u!["uploadId"]!.GetValue<string>() == first.UploadId)!;
        Assert.Equal("dir/one", one["key"]!.GetValue<string>());
        Assert.Equal(1, one["parts"]!.GetValue<int>());
        Assert.Equal(777, one["bytes"]!.GetValue<long>());
        Assert.Empty((await admin.GetAsync("uploads?older-than=1d&bucket=admin-uploads")).Json!.AsArray());
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("uploads?older-than=soon")).Status);

        var aborted = await admin.PostAsync("uploads/abort", new { bucket = "admin-uploads", key = "dir/one", uploadId = first.UploadId });
        Assert.Equal(HttpStatusCode.NoContent, aborted.Status);
        var remaining = await s3.ListMultipartUploadsAsync("admin-uploads");
        Assert.Equal(second.UploadId, Assert.Single(remaining.MultipartUploads).UploadId);
        var again = await admin.PostAsync("uploads/abort", new { bucket = "admin-uploads", key = "dir/one", uploadId = first.UploadId });
        Assert.Equal(HttpStatusCode.NotFound, again.Status);
        Assert.Equal("NoSuchUpload", again.Error);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync("uploads/abort", new { bucket = "admin-uploads" })).Status);
    }

    [Fact]
    public async Task EveryChangeWritesOneAuditLineAndReadsWriteNone()
    {
        using var admin = new AdminHttp(_host.BaseAddress);

        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("buckets", new { name = "admin-audited" })).Status);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("buckets")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync("buckets/admin-audit-missing")).Status);

        var created = await _logs.WaitForAsync(e => e.Category == "Orleans.Multipart.Gateway.Admin.Audit" && e["Action"] == "bucket.create");
        Assert.Equal(LogLevel.Information, created.Level);
        Assert.Equal("root", created["Account"]);
        Assert.Equal(ServiceHost.AccessKey, created["AccessKeyId"]);
        Assert.Equal("bucket/admin-audited", created["Resource"]);
        Assert.Equal("ok", created["Outcome"]);
        var failed = await _logs.WaitForAsync(e => e.Category == "Orleans.Multipart.Gateway.Admin.Audit" && e["Action"] == "bucket.delete");
        Assert.Equal("NoSuchBucket", failed["Outcome"]);
        Assert.Equal(2, _logs.Entries.Count(e => e.Category == "Orleans.Multipart.Gateway.Admin.Audit"));
    }

    [Fact]
    public async Task UnknownPathsAndMethodsAreJsonErrors()
    {
        using var admin = new AdminHttp(_host.BaseAddress);

        var unknown = await admin.GetAsync("nothing-here");
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Equal("NoSuchEndpoint", unknown.Error);
        var wrongMethod = await admin.SendAsync(HttpMethod.Patch, "buckets");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.Status);
        var badJson = await admin.PostAsync("buckets", "[1,2");
        Assert.Equal(HttpStatusCode.BadRequest, badJson.Status);
        Assert.Equal("InvalidArgument", badJson.Error);
    }
}
