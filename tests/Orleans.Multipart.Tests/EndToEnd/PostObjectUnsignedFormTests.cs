using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Amazon.S3;
using Amazon.S3.Model;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// POST Object forms as ceph/s3-tests' <c>test_post_object_anonymous_request</c>, <c>_set_success_code</c> and
/// <c>_set_invalid_success_code</c> send them: without a policy the form is unsigned, and is decided as an unsigned PUT
/// (stored in a bucket that grants everyone WRITE, refused with 403 elsewhere); its <c>acl</c> field is a canned ACL stored
/// as a PUT's <c>x-amz-acl</c> (signed forms too). A tagging field still needs s3:PutObjectTagging, which no ACL grants.
/// Raw multipart forms over real HTTP; what is stored is read back with AWSSDK.S3.
/// </summary>
public sealed class PostObjectUnsignedFormTests(SqliteServiceFixture fixture) : S3TestBase(fixture), IClassFixture<SqliteServiceFixture>
{
    private const string AllUsers = "http://acs.amazonaws.com/groups/global/AllUsers";

    /// <summary>(case, the bucket's canned ACL, signed with a policy, the form's extra fields as name=value|..., status, the stored object's grants or the error code).</summary>
    public static TheoryData<string, string, bool, string, int, string> Forms() => new()
    {
        { "unsigned, public-read-write bucket", "public-read-write", false, "acl=public-read", 204, $"{AllUsers} READ" },
        { "unsigned, success_action_status 201", "public-read-write", false, "acl=public-read|success_action_status=201", 201, $"{AllUsers} READ" },
        { "unsigned, success_action_status 404 is 204", "public-read-write", false, "acl=public-read|success_action_status=404", 204, $"{AllUsers} READ" },
        { "unsigned, no acl", "public-read-write", false, "", 204, "" },
        { "unsigned, private bucket", "private", false, "acl=public-read", 403, "AccessDenied" },
        { "unsigned, unknown canned acl", "public-read-write", false, "acl=everyone", 400, "InvalidArgument" },
        { "unsigned, tags need s3:PutObjectTagging", "public-read-write", false, "acl=public-read|tagging=<Tagging><TagSet><Tag><Key>0</Key><Value>0</Value></Tag></TagSet></Tagging>", 403, "AccessDenied" },
        { "signed, acl public-read", "private", true, "acl=public-read", 204, $"{AllUsers} READ" },
    };

    [Theory]
    [MemberData(nameof(Forms))]
    public async Task AFormIsDecidedByItsSignerAndStoresItsCannedAcl(string name, string bucketAcl, bool signed, string extra, int status, string expected)
    {
        var bucket = "postanon-" + Guid.NewGuid().ToString("N")[..12];
        await S3.PutBucketAsync(new PutBucketRequest { BucketName = bucket, CannedACL = S3CannedACL.FindValue(bucketAcl) });
        var fields = new List<(string Name, string Value)> { ("key", "foo.txt") };
        var pairs = extra.Split('|', StringSplitOptions.RemoveEmptyEntries).Select(p => (Name: p[..p.IndexOf('=', StringComparison.Ordinal)], Value: p[(p.IndexOf('=', StringComparison.Ordinal) + 1)..])).ToList();
        fields.AddRange(pairs);
        fields.Add(("Content-Type", "text/plain"));
        if (signed)
        {
            // The s3-tests policy: every field the form sends is named by a condition; SigV2 with the root key.
            var conditions = new List<object> { new Dictionary<string, string> { ["bucket"] = bucket }, new object[] { "starts-with", "$key", "foo" }, new object[] { "starts-with", "$Content-Type", "text/plain" } };
            conditions.AddRange(pairs.Select(p => new Dictionary<string, string> { [p.Name] = p.Value }));
            var policy = Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(new { expiration = (DateTime.UtcNow + TimeSpan.FromMinutes(10)).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture), conditions }));
            var signature = Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(ServiceHost.SecretKey), Encoding.UTF8.GetBytes(policy)));
            fields.AddRange([("AWSAccessKeyId", ServiceHost.AccessKey), ("signature", signature), ("policy", policy)]);
        }

        using var form = new MultipartFormDataContent();
        foreach (var (field, value) in fields)
        {
            form.Add(new StringContent(value), field);
        }

        form.Add(new ByteArrayContent("bar"u8.ToArray()), "file", "foo.txt");
        using var response = await Http.PostAsync($"/{bucket}", form);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, $"{name}: {(int)response.StatusCode} {body}");

        var keys = (await S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket })).S3Objects?.Select(o => o.Key) ?? [];
        if (status >= 300)
        {
            Assert.Equal(expected, XDocument.Parse(body).Root!.Element("Code")!.Value);
            Assert.Empty(keys);
            return;
        }

        if (status == 201)
        {
            Assert.Equal("foo.txt", XDocument.Parse(body).Root!.Elements().Single(e => e.Name.LocalName == "Key").Value);
        }

        Assert.Equal(["foo.txt"], keys);
        Assert.Equal("bar"u8.ToArray(), await GetBytesAsync(bucket, "foo.txt"));
        var acl = await S3.GetObjectAclAsync(new GetObjectAclRequest { BucketName = bucket, Key = "foo.txt" });
        var groupGrants = string.Join(",", acl.Grants.Where(g => g.Grantee.Type?.Value == "Group").Select(g => $"{g.Grantee.URI} {g.Permission?.Value}"));
        Assert.Equal(expected, groupGrants);
        if (expected.Length > 0)
        {
            // public-read: everyone reads it, unsigned.
            using var anonymous = await Http.GetAsync($"/{bucket}/foo.txt");
            Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
        }
    }
}
