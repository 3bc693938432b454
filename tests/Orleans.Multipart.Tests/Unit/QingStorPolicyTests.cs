using System.Net;
using System.Text.Json;

namespace Orleans.Multipart.Tests.Unit;

/// <summary>QingStor's bucket-policy statement format, evaluated by the same engine as S3's language after its translation.</summary>
public sealed class QingStorPolicyTests
{
    private const string Bucket = "mybucket";

    // QingStor's own PUT Bucket Policy example (its API documentation).
    private const string DocumentationExample =
        """
        {
            "statement": [
                {
                    "id": "allow certain site to get objects",
                    "user": "*",
                    "action": ["get_object"],
                    "effect": "allow",
                    "resource": ["mybucket/*"],
                    "condition": {"string_like": {"Referer": ["*.example1.com", "*.example2.com"]}}
                },
                {
                    "id": "allow user-henry to list objects and create objects",
                    "user": "user-henry",
                    "action": ["list_objects", "create_object"],
                    "resource": ["mybucket/*"],
                    "effect": "allow"
                }
            ]
        }
        """;

    [Theory]
    [InlineData("anonymous", "s3:GetObject", "a.jpg", "www.example1.com", PolicyEffect.Allow)]
    [InlineData("anonymous", "s3:GetObject", "a.jpg", "evil.test", PolicyEffect.None)]
    [InlineData("anonymous", "s3:GetObject", "a.jpg", null, PolicyEffect.None)]
    [InlineData("user-henry", "s3:PutObject", "a.jpg", null, PolicyEffect.Allow)]
    [InlineData("user-henry", "s3:ListBucket", null, null, PolicyEffect.Allow)]
    [InlineData("user-henry", "s3:DeleteObject", "a.jpg", null, PolicyEffect.None)]
    [InlineData("bob", "s3:PutObject", "a.jpg", null, PolicyEffect.None)]
    public void TheDocumentationExampleMeansWhatQingStorSays(string caller, string action, string? key, string? referer, PolicyEffect expected)
    {
        var conditions = referer is null ? null : new Dictionary<string, string> { ["aws:Referer"] = referer };
        var request = new AccessRequest(Caller(caller), action, Bucket, key, null, conditions);
        Assert.Equal(expected, BucketPolicy.ParseQingStor(DocumentationExample, Bucket).Evaluate(request));
        Assert.Equal(expected, new BucketPolicy(DocumentationExample).Evaluate(request)); // as stored and read back
    }

    [Theory]
    [InlineData("get_object", "s3:GetObject", "s3:PutObject")]
    [InlineData("head_object", "s3:GetObject", "s3:DeleteObject")]
    [InlineData("create_object", "s3:PutObject", "s3:GetObject")]
    [InlineData("initiate_multipart_upload", "s3:PutObject", "s3:AbortMultipartUpload")]
    [InlineData("upload_object_part", "s3:PutObject", "s3:GetObject")]
    [InlineData("complete_multipart_upload", "s3:PutObject", "s3:ListMultipartUploadParts")]
    [InlineData("delete_object", "s3:DeleteObject", "s3:PutObject")]
    [InlineData("abort_multipart_upload", "s3:AbortMultipartUpload", "s3:DeleteObject")]
    [InlineData("list_object_parts", "s3:ListMultipartUploadParts", "s3:GetObject")]
    [InlineData("list_objects", "s3:ListBucket", "s3:ListBucketMultipartUploads")]
    [InlineData("head_bucket", "s3:ListBucket", "s3:DeleteBucket")]
    [InlineData("list_multipart_uploads", "s3:ListBucketMultipartUploads", "s3:ListBucket")]
    [InlineData("*", "s3:AbortMultipartUpload", "s3:PutBucketPolicy")] // every QingStor action, never the owner's settings
    public void EachActionAllowsTheOperationsItNames(string qingStorAction, string allowed, string notAllowed)
    {
        var policy = BucketPolicy.ParseQingStor(
            $$"""{"statement": [{"id": "s", "user": "bob", "action": "{{qingStorAction}}", "effect": "allow", "resource": ["mybucket", "mybucket/*"]}]}""", Bucket);
        Assert.Equal(PolicyEffect.Allow, policy.Evaluate(Request("bob", allowed)));
        Assert.Equal(PolicyEffect.None, policy.Evaluate(Request("bob", notAllowed)));
        Assert.Equal(PolicyEffect.None, policy.Evaluate(Request("alice", allowed)));
    }

    [Theory]
    [InlineData("dir/a/", PolicyEffect.Allow)]
    [InlineData("dir/", PolicyEffect.Allow)]
    [InlineData("other/", PolicyEffect.None)]
    [InlineData(null, PolicyEffect.None)]
    public void ListObjectsOnAPathListsOnlyUnderIt(string? prefix, PolicyEffect expected)
    {
        var policy = BucketPolicy.ParseQingStor("""{"statement": [{"id": "d", "user": "*", "action": "list_objects", "effect": "allow", "resource": "mybucket/dir/*"}]}""", Bucket);
        var conditions = prefix is null ? null : new Dictionary<string, string> { ["s3:prefix"] = prefix };
        Assert.Equal(expected, policy.Evaluate(new AccessRequest(Principal.Anonymous, "s3:ListBucket", Bucket, null, null, conditions)));
    }

    [Fact]
    public void BucketActionsNeedNoResource()
    {
        const string document = """{"statement": [{"id": "h", "user": "bob", "action": "head_bucket", "effect": "allow"}]}""";
        Assert.Equal(PolicyEffect.Allow, BucketPolicy.ParseQingStor(document, Bucket).Evaluate(Request("bob", "s3:ListBucket")));
        Assert.Equal(PolicyEffect.Allow, new BucketPolicy(document).Evaluate(Request("bob", "s3:ListBucket")));
    }

    [Theory]
    [InlineData("{\"ip_address\": {\"source_ip\": [\"172.16.0.0/24\"]}}", "172.16.0.9", null, PolicyEffect.Deny)]
    [InlineData("{\"ip_address\": {\"source_ip\": [\"172.16.0.0/24\"]}}", "172.16.1.9", null, PolicyEffect.None)]
    [InlineData("{\"not_ip_address\": {\"source_ip\": [\"172.16.0.0/24\"]}}", "172.16.1.9", null, PolicyEffect.Deny)]
    [InlineData("{\"is_null\": {\"Referer\": true}}", null, null, PolicyEffect.Deny)]
    [InlineData("{\"is_null\": {\"Referer\": true}}", null, "a.test", PolicyEffect.None)]
    [InlineData("{\"is_null\": {\"Referer\": false}}", null, "a.test", PolicyEffect.Deny)]
    [InlineData("{\"string_not_like\": {\"Referer\": \"*.example.com\"}}", null, "x.example.com", PolicyEffect.None)]
    [InlineData("{\"string_not_like\": {\"Referer\": \"*.example.com\"}}", null, "x.evil.test", PolicyEffect.Deny)]
    public void ConditionsAndDeny(string condition, string? sourceIp, string? referer, PolicyEffect expected)
    {
        var policy = BucketPolicy.ParseQingStor(
            $$"""{"statement": [{"id": "c", "user": "*", "action": "get_object", "effect": "deny", "resource": "mybucket/*", "condition": {{condition}}}]}""", Bucket);
        var conditions = referer is null ? null : new Dictionary<string, string> { ["aws:Referer"] = referer };
        var request = new AccessRequest(Caller("bob"), "s3:GetObject", Bucket, "k", sourceIp is null ? null : IPAddress.Parse(sourceIp), conditions);
        Assert.Equal(expected, policy.Evaluate(request));
    }

    [Theory]
    [InlineData("{\"statement\": [{\"id\": \"a\", \"user\": \"*\", \"action\": \"put_bucket_acl\", \"effect\": \"allow\", \"resource\": \"mybucket/*\"}]}", "unknown action put_bucket_acl")]
    [InlineData("{\"statement\": [{\"id\": \"a\", \"user\": \"*\", \"action\": \"GetObject\", \"effect\": \"allow\", \"resource\": \"mybucket/*\"}]}", "unknown action GetObject")]
    [InlineData("{\"statement\": [{\"user\": \"*\", \"action\": \"get_object\", \"effect\": \"allow\", \"resource\": \"mybucket/*\"}]}", "needs an id")]
    [InlineData("{\"statement\": [{\"id\": \"a\", \"user\": \"*\", \"action\": \"get_object\", \"effect\": \"allow\", \"resource\": \"mybucket/*\"}, {\"id\": \"a\", \"user\": \"*\", \"action\": \"get_object\", \"effect\": \"deny\", \"resource\": \"mybucket/*\"}]}", "ids must be unique")]
    [InlineData("{\"statement\": [{\"id\": \"a\", \"action\": \"get_object\", \"effect\": \"allow\", \"resource\": \"mybucket/*\"}]}", "missing user")]
    [InlineData("{\"statement\": [{\"id\": \"a\", \"user\": \"*\", \"effect\": \"allow\", \"resource\": \"mybucket/*\"}]}", "missing action")]
    [InlineData("{\"statement\": [{\"id\": \"a\", \"user\": \"*\", \"action\": \"get_object\", \"effect\": \"Allow\", \"resource\": \"mybucket/*\"}]}", "effect must be allow or deny")]
    [InlineData("{\"statement\": [{\"id\": \"a\", \"user\": \"*\", \"action\": \"get_object\", \"effect\": \"allow\", \"resource\": \"otherbucket/*\"}]}", "not in bucket mybucket")]
    [InlineData("{\"statement\": [{\"id\": \"a\", \"user\": \"*\", \"action\": \"get_object\", \"effect\": \"allow\", \"resource\": \"mybucket\"}]}", "object actions need object resources")]
    [InlineData("{\"statement\": [{\"id\": \"a\", \"user\": \"*\", \"action\": \"get_object\", \"effect\": \"allow\"}]}", "object actions need object resources")]
    [InlineData("{\"statement\": [{\"id\": \"a\", \"user\": \"*\", \"action\": \"get_object\", \"effect\": \"allow\", \"resource\": \"mybucket/*\", \"condition\": {\"string_equals\": {\"Referer\": \"a\"}}}]}", "unknown condition operator string_equals")]
    [InlineData("{\"statement\": [{\"id\": \"a\", \"user\": \"*\", \"action\": \"get_object\", \"effect\": \"allow\", \"resource\": \"mybucket/*\", \"condition\": {\"string_like\": {\"User-Agent\": \"a\"}}}]}", "unknown condition key User-Agent")]
    [InlineData("{\"statement\": [{\"id\": \"a\", \"user\": \"*\", \"action\": \"get_object\", \"effect\": \"allow\", \"resource\": \"mybucket/*\", \"condition\": {\"is_null\": {\"Referer\": \"yes\"}}}]}", "is_null takes true or false")]
    [InlineData("{\"statement\": [{\"id\": \"a\", \"user\": \"*\", \"action\": \"get_object\", \"effect\": \"allow\", \"resource\": \"mybucket/*\", \"principal\": \"x\"}]}", "Unknown field principal in statement")]
    [InlineData("{\"statement\": [{\"id\": \"a\", \"user\": \"Not An Id\", \"action\": \"get_object\", \"effect\": \"allow\", \"resource\": \"mybucket/*\"}]}", "Invalid principal in policy")]
    [InlineData("{\"statement\": {}}", "statement must be a list")]
    [InlineData("{\"statements\": []}", "Unknown field statements")]
    [InlineData("not json", "first byte must be '{'")]
    public void MalformedDocumentsAreRefusedWithTheReason(string document, string reason)
    {
        var error = Assert.Throws<MultipartException>(() => BucketPolicy.ParseQingStor(document, Bucket));
        Assert.Equal(MultipartError.MalformedPolicy, error.Error);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AQingStorPolicyReadsBackUnchangedAndTranslatesToS3sLanguage()
    {
        var policy = BucketPolicy.ParseQingStor(DocumentationExample, Bucket);
        Assert.True(policy.IsQingStorDocument);
        Assert.Equal(DocumentationExample, policy.ToQingStorDocument());

        // The S3 view is a policy S3's parser accepts and that decides alike.
        var s3 = BucketPolicy.Parse(policy.ToS3Document(Bucket), Bucket);
        Assert.False(s3.IsQingStorDocument);
        using var json = JsonDocument.Parse(s3.Document);
        Assert.Contains(json.RootElement.GetProperty("Statement").EnumerateArray(), s => s.GetProperty("Resource")[0].GetString() == "arn:aws:s3:::mybucket/*");
        var request = new AccessRequest(Principal.Anonymous, "s3:GetObject", Bucket, "a", null, new Dictionary<string, string> { ["aws:Referer"] = "x.example2.com" });
        Assert.Equal(PolicyEffect.Allow, s3.Evaluate(request));
        Assert.True(policy.IsPublic); // an Allow to everyone narrowed only by Referer
    }

    [Fact]
    public void AnS3PolicyReadsInQingStorsFormat()
    {
        var s3 = BucketPolicy.Parse(
            """
            {"Statement": [
              {"Sid": "read", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::mybucket/public/*",
               "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}},
              {"Sid": "write", "Effect": "Allow", "Principal": {"AWS": "bob"}, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::mybucket/*"},
              {"Sid": "all", "Effect": "Deny", "Principal": {"AWS": "eve"}, "Action": "s3:*", "Resource": "arn:aws:s3:::mybucket/*"},
              {"Sid": "not-expressible", "Effect": "Deny", "NotPrincipal": {"AWS": "bob"}, "Action": "s3:*", "Resource": "arn:aws:s3:::mybucket/*"}
            ]}
            """,
            Bucket);
        using var json = JsonDocument.Parse(s3.ToQingStorDocument());
        var statements = json.RootElement.GetProperty("statement").EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!);
        Assert.Equal(["read", "write", "all"], statements.Keys);
        Assert.Equal("[\"get_object\",\"head_object\"]", statements["read"].GetProperty("action").GetRawText());
        Assert.Equal("[\"mybucket/public/*\"]", statements["read"].GetProperty("resource").GetRawText());
        Assert.Equal("[\"10.0.0.0/8\"]", statements["read"].GetProperty("condition").GetProperty("ip_address").GetProperty("source_ip").GetRawText());
        Assert.Equal("[\"create_object\",\"initiate_multipart_upload\",\"upload_object_part\",\"complete_multipart_upload\"]", statements["write"].GetProperty("action").GetRawText());
        Assert.Equal("[\"*\"]", statements["all"].GetProperty("action").GetRawText());
        Assert.Equal("deny", statements["all"].GetProperty("effect").GetString());

        // And QingStor's parser takes the rendering back.
        var back = BucketPolicy.ParseQingStor(s3.ToQingStorDocument(), Bucket);
        Assert.Equal(PolicyEffect.Allow, back.Evaluate(Request("bob", "s3:PutObject")));
        Assert.Equal(PolicyEffect.Deny, back.Evaluate(Request("eve", "s3:GetObject")));
    }

    private static Principal Caller(string account) => account == "anonymous" ? Principal.Anonymous : new Principal(account, "AK" + account);

    private static AccessRequest Request(string caller, string action) =>
        new(Caller(caller), action, Bucket, action is "s3:ListBucket" or "s3:ListBucketMultipartUploads" or "s3:DeleteBucket" or "s3:PutBucketPolicy" ? null : "k");
}
