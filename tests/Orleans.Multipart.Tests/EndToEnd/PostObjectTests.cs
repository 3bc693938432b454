using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Amazon.S3.Model;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// POST Object, the HTML form upload: a multipart/form-data form with a policy signed with SigV2 (raw forms
/// built here as ceph/s3-tests builds them) or SigV4 (boto3's generate_presigned_post); the policy's
/// expiration and conditions hold or the form is refused with S3's errors, and nothing is stored then.
/// </summary>
public abstract class PostObjectTests(ServiceFixture fixture) : S3TestBase(fixture)
{
    private static string Expiration(TimeSpan fromNow) => (DateTime.UtcNow + fromNow).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static string Policy(object document) => Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(document));

    private static string SignV2(string policy, string secret = ServiceHost.SecretKey) =>
        Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(policy)));

    private static object[] Conditions(string bucket, long max = 1024) =>
    [
        new Dictionary<string, string> { ["bucket"] = bucket },
        new object[] { "starts-with", "$key", "foo" },
        new Dictionary<string, string> { ["acl"] = "private" },
        new object[] { "starts-with", "$Content-Type", "text/plain" },
        new object[] { "content-length-range", 0, max },
    ];

    /// <summary>The s3-tests form: key, AWSAccessKeyId, acl, signature, policy, Content-Type, then the file.</summary>
    private static List<(string Name, string Value)> Form(string policy, string key = "foo.txt", string? signature = null) =>
    [
        ("key", key), ("AWSAccessKeyId", ServiceHost.AccessKey), ("acl", "private"), ("signature", signature ?? SignV2(policy)), ("policy", policy), ("Content-Type", "text/plain"),
    ];

    private async Task<HttpResponseMessage> PostAsync(string bucket, IEnumerable<(string Name, string Value)> fields, byte[] file, string fileName = "upload.txt")
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        form.Add(new ByteArrayContent(file), "file", fileName);
        using (form)
        {
            return await Http.PostAsync($"/{bucket}", form);
        }
    }

    [Fact]
    public async Task ASigV2FormStoresTheFileAsTheFieldsSay()
    {
        var bucket = await NewBucketAsync();
        var policy = Policy(new
        {
            expiration = Expiration(TimeSpan.FromMinutes(10)),
            conditions = Conditions(bucket)
                .Append(new object[] { "starts-with", "$x-amz-meta-foo", "bar" })
                .Append(new object[] { "starts-with", "$x-amz-server-side-encryption", "" }) // any value, absence included
                .ToArray(),
        });

        // The key's condition (starts-with foo) holds for the key ${filename} makes.
        var fields = Form(policy, key: "${filename}");
        fields.Add(("x-amz-meta-foo", "barclamp"));
        fields.Add(("x-ignore-me", "not in the policy"));
        using var response = await PostAsync(bucket, fields, "bar"u8.ToArray(), fileName: "foo-bar.txt");
        Assert.True(response.StatusCode == HttpStatusCode.NoContent, await response.Content.ReadAsStringAsync());

        using var got = await S3.GetObjectAsync(bucket, "foo-bar.txt");
        Assert.Equal("text/plain", got.Headers.ContentType);
        Assert.Equal("barclamp", got.Metadata["x-amz-meta-foo"]);
        Assert.Equal("bar"u8.ToArray(), await GetBytesAsync(bucket, "foo-bar.txt"));
        Assert.Equal($"\"{Md5Hex("bar"u8.ToArray())}\"", response.Headers.ETag?.Tag);
    }

    public static TheoryData<string, int, string?> SuccessAnswers() => new()
    {
        { "200", 200, null },
        { "201", 201, "PostResponse" },
        { "204", 204, null },
        { "404", 204, null }, // anything else: the default, as S3
    };

    [Theory]
    [MemberData(nameof(SuccessAnswers))]
    public async Task SuccessActionStatusIsAnsweredAsAsked(string asked, int status, string? document)
    {
        var bucket = await NewBucketAsync();
        var policy = Policy(new { expiration = Expiration(TimeSpan.FromMinutes(10)), conditions = Conditions(bucket).Append(new Dictionary<string, string> { ["success_action_status"] = asked }).ToArray() });
        var fields = Form(policy);
        fields.Add(("success_action_status", asked));
        using var response = await PostAsync(bucket, fields, "bar"u8.ToArray());
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, body);
        if (document is not null)
        {
            var root = XDocument.Parse(body).Root!;
            Assert.Equal(document, root.Name.LocalName);
            Assert.Equal((bucket, "foo.txt", $"\"{Md5Hex("bar"u8.ToArray())}\""), (root.Element("Bucket")!.Value, root.Element("Key")!.Value, root.Element("ETag")!.Value));
        }
        else
        {
            Assert.Empty(body);
        }

        Assert.Equal("bar"u8.ToArray(), await GetBytesAsync(bucket, "foo.txt"));
    }

    [Fact]
    public async Task SuccessActionRedirectIsA303NamingTheObject()
    {
        var bucket = await NewBucketAsync();
        const string Redirect = "http://example.test/done?from=form";
        var policy = Policy(new { expiration = Expiration(TimeSpan.FromMinutes(10)), conditions = Conditions(bucket).Append(new object[] { "eq", "$success_action_redirect", Redirect }).ToArray() });
        var fields = Form(policy);
        fields.Add(("success_action_redirect", Redirect));
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { BaseAddress = Host.BaseAddress };
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        form.Add(new ByteArrayContent("bar"u8.ToArray()), "file", "x.txt");
        using var response = await client.PostAsync($"/{bucket}", form);
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var etag = Md5Hex("bar"u8.ToArray());
        Assert.Equal($"{Redirect}&bucket={bucket}&key=foo.txt&etag=%22{etag}%22", response.Headers.Location!.OriginalString);
    }

    /// <summary>Each way a form is refused, with S3's status and code; nothing is stored by any of them.</summary>
    public static TheoryData<string, int, string> Refusals() => new()
    {
        { "expired", 403, "AccessDenied" },
        { "wrong bucket", 403, "AccessDenied" },
        { "condition failed", 403, "AccessDenied" },
        { "field not in the policy", 403, "AccessDenied" },
        { "bad signature", 403, "SignatureDoesNotMatch" },
        { "unknown access key", 403, "InvalidAccessKeyId" },
        { "too large", 400, "EntityTooLarge" },
        { "too small", 400, "EntityTooSmall" },
        { "no key", 400, "InvalidArgument" },
        { "no signature", 400, "InvalidArgument" },
        { "expiration not a date", 400, "InvalidArgument" },
        { "no conditions", 400, "InvalidArgument" },
        { "an empty condition", 400, "InvalidArgument" },
        { "EXPIRATION in capitals", 400, "InvalidArgument" },
        { "content-length-range with one bound", 400, "InvalidArgument" },
        { "no policy", 403, "AccessDenied" },
        { "no file", 400, "InvalidArgument" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task FormsThePolicyRefusesAreAnsweredAsS3AndStoreNothing(string refusal, int status, string code)
    {
        var bucket = await NewBucketAsync();
        var expiration = Expiration(refusal == "expired" ? TimeSpan.FromMinutes(-100) : TimeSpan.FromMinutes(10));
        var conditions = Conditions(bucket, max: refusal == "too large" ? 2 : 1024).ToList();
        object document = refusal switch
        {
            "expiration not a date" => new { expiration = DateTime.UtcNow.AddMinutes(10).ToString(System.Globalization.CultureInfo.InvariantCulture), conditions },
            "no conditions" => new { expiration },
            "an empty condition" => new { expiration, conditions = new object[] { new Dictionary<string, string>() } },
            "EXPIRATION in capitals" => new { EXPIRATION = expiration, conditions },
            _ => new { expiration, conditions },
        };
        if (refusal == "too small")
        {
            conditions[^1] = new object[] { "content-length-range", 512, 1000 };
            document = new { expiration, conditions };
        }
        else if (refusal == "content-length-range with one bound")
        {
            conditions[^1] = new object[] { "content-length-range", 0 };
            document = new { expiration, conditions };
        }
        else if (refusal == "wrong bucket")
        {
            conditions[0] = new Dictionary<string, string> { ["bucket"] = "another-bucket" };
            document = new { expiration, conditions };
        }

        var policy = Policy(document);
        var fields = Form(policy, key: refusal == "condition failed" ? "bar.txt" : "foo.txt");
        switch (refusal)
        {
            case "field not in the policy":
                fields.Add(("x-amz-meta-foo", "bar"));
                break;
            case "bad signature":
                fields = Form(policy, signature: SignV2(policy, "not-the-secret"));
                break;
            case "unknown access key":
                fields[1] = ("AWSAccessKeyId", "AKIANOTKNOWN");
                break;
            case "no key":
                fields.RemoveAt(0);
                break;
            case "no signature":
                fields.RemoveAll(f => f.Name == "signature");
                break;
            case "no policy":
                fields.RemoveAll(f => f.Name is "signature" or "policy");
                break;
        }

        HttpResponseMessage response;
        if (refusal == "no file")
        {
            var form = new MultipartFormDataContent();
            foreach (var (name, value) in fields)
            {
                form.Add(new StringContent(value), name);
            }

            response = await Http.PostAsync($"/{bucket}", form);
        }
        else
        {
            response = await PostAsync(bucket, fields, "bar"u8.ToArray());
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode == status, $"{refusal}: {(int)response.StatusCode} {body}");
            Assert.Equal(code, XDocument.Parse(body).Root!.Element("Code")!.Value);
        }

        Assert.Empty((await S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket })).S3Objects ?? []);
    }

    /// <summary>An exclusive bucket keeps its rule for forms too: a key with an open upload is not written.</summary>
    [Fact]
    public async Task AnExclusiveBucketKeepsItsRuleForForms()
    {
        var bucket = await NewExclusiveBucketAsync();
        await InitiateAsync(bucket, "foo.txt");
        var policy = Policy(new { expiration = Expiration(TimeSpan.FromMinutes(10)), conditions = Conditions(bucket) });
        using var response = await PostAsync(bucket, Form(policy), "bar"u8.ToArray());
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("<Code>ObjectAlreadyExists</Code>", await response.Content.ReadAsStringAsync());
    }

    /// <summary>boto3's generate_presigned_post (SigV4, its own policy and fields), posted as a browser would, ${filename} in the key; a 40 MiB file streamed through.</summary>
    [Fact]
    public async Task Boto3PresignedPostUploadsByteForByte()
    {
        var bucket = await NewBucketAsync();
        var (exitCode, output) = await Boto3.RunAsync(Boto3.SigV4ClientScript + """
            import hashlib, urllib3
            data = os.urandom(40 * 1024 * 1024)
            post = s3.generate_presigned_post(bucket, 'uploads/${filename}',
                Fields={'success_action_status': '201', 'Content-Type': 'application/octet-stream', 'x-amz-meta-origin': 'form'},
                Conditions=[['starts-with', '$key', 'uploads/'], {'success_action_status': '201'}, {'Content-Type': 'application/octet-stream'},
                            {'x-amz-meta-origin': 'form'}, ['content-length-range', 1, 64 * 1024 * 1024]],
                ExpiresIn=600)
            assert post['fields']['x-amz-algorithm'] == 'AWS4-HMAC-SHA256', post
            fields = dict(post['fields'])
            fields['file'] = ('big file.bin', data, 'application/octet-stream')
            r = urllib3.PoolManager().request('POST', post['url'], fields=fields)
            assert r.status == 201, (r.status, r.data)
            assert b'<Key>uploads/big file.bin</Key>' in r.data, r.data
            got = s3.get_object(Bucket=bucket, Key='uploads/big file.bin')
            assert got['Body'].read() == data and got['Metadata'] == {'origin': 'form'}, got['Metadata']
            # Signed with another secret: refused, nothing stored.
            other = boto3.client('s3', endpoint_url=endpoint, aws_access_key_id=ak, aws_secret_access_key='wrong' + sk, region_name='us-east-1', config=cfg)
            bad = other.generate_presigned_post(bucket, 'forged', ExpiresIn=600)
            fields = dict(bad['fields'])
            fields['file'] = ('f', b'x')
            r = urllib3.PoolManager().request('POST', bad['url'], fields=fields)
            assert r.status == 403 and b'SignatureDoesNotMatch' in r.data, (r.status, r.data)
            assert 'Contents' not in s3.list_objects_v2(Bucket=bucket, Prefix='forged')
            print('ok')
            """, Host.BaseAddress.ToString().TrimEnd('/'), bucket, ServiceHost.AccessKey, ServiceHost.SecretKey);
        Assert.True(exitCode == 0, output);
        Assert.StartsWith("ok", output);
    }
}

public sealed class SqlitePostObjectTests(SqliteServiceFixture fixture) : PostObjectTests(fixture), IClassFixture<SqliteServiceFixture>;
