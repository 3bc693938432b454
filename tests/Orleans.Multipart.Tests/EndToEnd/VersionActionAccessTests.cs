using System.Text;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// The actions AWS checks when a request names a version (ver23b), with two real accounts (A owns a versioned bucket, B is
/// another account): a policy that allows B only the current object's action does not reach a version named by ID, and
/// one that allows only the version's action does not reach the current object.
/// </summary>
public sealed class VersionActionAccessTests(CrossAccountFixture fixture) : IClassFixture<CrossAccountFixture>
{
    private static readonly byte[] Tagging = Encoding.UTF8.GetBytes("<Tagging><TagSet><Tag><Key>k</Key><Value>v</Value></Tag></TagSet></Tagging>");

    private readonly S3RawClient _a = new(fixture.Host) { AccessKey = fixture.A.AccessKey, SecretKey = fixture.A.SecretKey };

    private readonly S3RawClient _b = new(fixture.Host) { AccessKey = fixture.B.AccessKey, SecretKey = fixture.B.SecretKey };

    private readonly string _bAccount = fixture.B.AccountId;

    /// <summary>A's versioned bucket with two versions of <c>doc</c>: the old one's ID.</summary>
    private async Task<(string Bucket, string OldVersion)> VersionedBucketOfAAsync()
    {
        var bucket = "veracl-" + Guid.NewGuid().ToString("N")[..10];
        Assert.Equal(200, (await _a.SendAsync(HttpMethod.Put, "/" + bucket)).Status);
        var versioning = Encoding.UTF8.GetBytes("<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>");
        Assert.Equal(200, (await _a.SendAsync(HttpMethod.Put, "/" + bucket, "versioning", versioning)).Status);
        var old = await _a.SendAsync(HttpMethod.Put, $"/{bucket}/doc", body: "old"u8.ToArray());
        Assert.Equal(200, (await _a.SendAsync(HttpMethod.Put, $"/{bucket}/doc", body: "new"u8.ToArray())).Status);
        return (bucket, old.Headers["x-amz-version-id"]);
    }

    private async Task AllowBAsync(string bucket, string action)
    {
        var policy = $$"""
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["{{_bAccount}}"]},"Action":["{{action}}"],"Resource":"arn:aws:s3:::{{bucket}}/*"}]}
            """;
        var put = await _a.SendAsync(HttpMethod.Put, "/" + bucket, "policy", Encoding.UTF8.GetBytes(policy));
        Assert.True(put.Status == 204, $"PutBucketPolicy: {put.Status} {put.Text}");
    }

    public static TheoryData<string, string, string, string, int> Requests => new()
    {
        // method, sub-resource, the current object's action, the version's action, the status of a request B may make
        { "GET", "", "s3:GetObject", "s3:GetObjectVersion", 200 },
        { "HEAD", "", "s3:GetObject", "s3:GetObjectVersion", 200 },
        { "DELETE", "", "s3:DeleteObject", "s3:DeleteObjectVersion", 204 },
        { "GET", "tagging", "s3:GetObjectTagging", "s3:GetObjectVersionTagging", 200 },
        { "PUT", "tagging", "s3:PutObjectTagging", "s3:PutObjectVersionTagging", 200 },
        { "DELETE", "tagging", "s3:DeleteObjectTagging", "s3:DeleteObjectVersionTagging", 204 },
        { "GET", "acl", "s3:GetObjectAcl", "s3:GetObjectVersionAcl", 200 },
        { "GET", "attributes", "s3:GetObjectAttributes", "s3:GetObjectVersionAttributes", 200 },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task ARequestNamingAVersionNeedsTheVersionsAction(string method, string subResource, string currentAction, string versionAction, int allowedStatus)
    {
        var (bucket, old) = await VersionedBucketOfAAsync();
        var http = new HttpMethod(method);
        var body = subResource == "tagging" && method == "PUT" ? Tagging : null;
        var headers = subResource == "attributes" ? new Dictionary<string, string> { ["x-amz-object-attributes"] = "ETag" } : null;
        var versionQuery = (subResource.Length > 0 ? subResource + "&" : "") + "versionId=" + Uri.EscapeDataString(old);

        await AllowBAsync(bucket, currentAction);
        var refused = await _b.SendAsync(http, $"/{bucket}/doc", versionQuery, body, headers);
        Assert.True(refused.Status == 403, $"{method} ?{versionQuery} with only {currentAction} allowed: expected 403, got {refused.Status} {refused.Text}");

        await AllowBAsync(bucket, versionAction);
        var current = await _b.SendAsync(http, $"/{bucket}/doc", subResource, body, headers);
        Assert.True(current.Status == 403, $"{method} ?{subResource} with only {versionAction} allowed: expected 403, got {current.Status} {current.Text}");
        var allowed = await _b.SendAsync(http, $"/{bucket}/doc", versionQuery, body, headers);
        Assert.True(allowed.Status == allowedStatus, $"{method} ?{versionQuery} with {versionAction} allowed: expected {allowedStatus}, got {allowed.Status} {allowed.Text}");
    }

    [Fact]
    public async Task ACopyFromANamedVersionNeedsGetObjectVersionOnTheSource()
    {
        var (bucket, old) = await VersionedBucketOfAAsync();
        var policy = $$"""
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["{{_bAccount}}"]},"Action":["s3:PutObject","s3:GetObject"],"Resource":"arn:aws:s3:::{{bucket}}/*"}]}
            """;
        Assert.Equal(204, (await _a.SendAsync(HttpMethod.Put, "/" + bucket, "policy", Encoding.UTF8.GetBytes(policy))).Status);
        var fromOld = new Dictionary<string, string> { ["x-amz-copy-source"] = $"/{bucket}/doc?versionId={Uri.EscapeDataString(old)}" };

        var refused = await _b.SendAsync(HttpMethod.Put, $"/{bucket}/copy", headers: fromOld);
        Assert.True(refused.Status == 403, $"B's copy of the old version with s3:GetObject only: {refused.Status} {refused.Text}");
        Assert.Equal(404, (await _a.SendAsync(HttpMethod.Head, $"/{bucket}/copy")).Status);

        policy = policy.Replace("\"s3:GetObject\"", "\"s3:GetObjectVersion\"", StringComparison.Ordinal);
        Assert.Equal(204, (await _a.SendAsync(HttpMethod.Put, "/" + bucket, "policy", Encoding.UTF8.GetBytes(policy))).Status);
        var copied = await _b.SendAsync(HttpMethod.Put, $"/{bucket}/copy", headers: fromOld);
        Assert.True(copied.Status == 200, $"B's copy of the old version with s3:GetObjectVersion: {copied.Status} {copied.Text}");
        Assert.Equal("old", (await _a.SendAsync(HttpMethod.Get, $"/{bucket}/copy")).Text);
    }
}
