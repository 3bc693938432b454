using System.Text;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// Who may read and write tags, with two real accounts (A owns the bucket, B is another account): the tagging actions
/// are the bucket owner's unless a policy allows them (no ACL grants them, as in S3); a write that tags what it
/// creates also needs s3:PutObjectTagging; a policy's <c>s3:RequestObjectTag/&lt;key&gt;</c> condition is decided by the
/// tags the request writes, and its <c>s3:ExistingObjectTag/&lt;key&gt;</c> condition by the tags the object has.
/// </summary>
public sealed class TaggingAccessTests(CrossAccountFixture fixture) : IClassFixture<CrossAccountFixture>
{
    private static readonly byte[] PublicTagging = Encoding.UTF8.GetBytes("<Tagging><TagSet><Tag><Key>security</Key><Value>public</Value></Tag></TagSet></Tagging>");

    private static readonly byte[] PrivateTagging = Encoding.UTF8.GetBytes("<Tagging><TagSet><Tag><Key>security</Key><Value>private</Value></Tag></TagSet></Tagging>");

    private readonly S3RawClient _a = new(fixture.Host) { AccessKey = fixture.A.AccessKey, SecretKey = fixture.A.SecretKey };

    private readonly S3RawClient _b = new(fixture.Host) { AccessKey = fixture.B.AccessKey, SecretKey = fixture.B.SecretKey };

    private readonly string _bAccount = fixture.B.AccountId;

    private async Task<string> BucketOfAAsync(params string[] keys)
    {
        var bucket = "tagacl-" + Guid.NewGuid().ToString("N")[..10];
        Assert.Equal(200, (await _a.SendAsync(HttpMethod.Put, "/" + bucket)).Status);
        foreach (var key in keys)
        {
            Assert.Equal(200, (await _a.SendAsync(HttpMethod.Put, $"/{bucket}/{key}", body: Encoding.UTF8.GetBytes(key))).Status);
        }

        return bucket;
    }

    private async Task AllowBAsync(string bucket, string actions, string condition = "")
    {
        var policy = $$"""
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["{{_bAccount}}"]},"Action":[{{actions}}],"Resource":"arn:aws:s3:::{{bucket}}/*"{{condition}}}]}
            """;
        var put = await _a.SendAsync(HttpMethod.Put, "/" + bucket, "policy", Encoding.UTF8.GetBytes(policy));
        Assert.True(put.Status == 204, $"PutBucketPolicy: {put.Status} {put.Text}");
    }

    private static void AssertRefused(Reply reply, string what)
    {
        Assert.True(reply.Status == 403, $"{what}: expected 403 AccessDenied, got {reply.Status} {reply.Text}");
        Assert.Contains("<Code>AccessDenied</Code>", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TagsAreTheBucketOwnersUntilAPolicyAllowsAnotherAccount()
    {
        var bucket = await BucketOfAAsync("doc");
        Assert.Equal(200, (await _a.SendAsync(HttpMethod.Put, $"/{bucket}/doc", "tagging", PublicTagging)).Status);

        AssertRefused(await _b.SendAsync(HttpMethod.Get, $"/{bucket}/doc", "tagging"), "B's GetObjectTagging");
        AssertRefused(await _b.SendAsync(HttpMethod.Put, $"/{bucket}/doc", "tagging", PrivateTagging), "B's PutObjectTagging");
        AssertRefused(await _b.SendAsync(HttpMethod.Delete, $"/{bucket}/doc", "tagging"), "B's DeleteObjectTagging");

        await AllowBAsync(bucket, "\"s3:GetObjectTagging\"");
        var read = await _b.SendAsync(HttpMethod.Get, $"/{bucket}/doc", "tagging");
        Assert.True(read.Status == 200, $"B's GetObjectTagging with the policy: {read.Status} {read.Text}");
        Assert.Contains("<Value>public</Value>", read.Text, StringComparison.Ordinal);

        // Reading tags allows neither writing them nor reading the object.
        AssertRefused(await _b.SendAsync(HttpMethod.Put, $"/{bucket}/doc", "tagging", PrivateTagging), "B's PutObjectTagging with a read policy");
        AssertRefused(await _b.SendAsync(HttpMethod.Get, $"/{bucket}/doc"), "B's GetObject with a tag-read policy");
        Assert.Contains("<Value>public</Value>", (await _a.SendAsync(HttpMethod.Get, $"/{bucket}/doc", "tagging")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWriteThatTagsNeedsPutObjectTaggingToo()
    {
        var bucket = await BucketOfAAsync();
        await AllowBAsync(bucket, "\"s3:PutObject\"");
        var tagging = new Dictionary<string, string> { ["x-amz-tagging"] = "security=public" };

        Assert.Equal(200, (await _b.SendAsync(HttpMethod.Put, $"/{bucket}/plain", body: "x"u8.ToArray())).Status);
        AssertRefused(await _b.SendAsync(HttpMethod.Put, $"/{bucket}/tagged", body: "x"u8.ToArray(), headers: tagging), "B's tagged PutObject");
        AssertRefused(await _b.SendAsync(HttpMethod.Post, $"/{bucket}/tagged-upload", "uploads", headers: tagging), "B's tagged CreateMultipartUpload");
        Assert.Equal(404, (await _a.SendAsync(HttpMethod.Head, $"/{bucket}/tagged")).Status);
        Assert.DoesNotContain("tagged-upload", (await _a.SendAsync(HttpMethod.Get, "/" + bucket, "uploads")).Text, StringComparison.Ordinal);

        await AllowBAsync(bucket, "\"s3:PutObject\",\"s3:PutObjectTagging\"");
        Assert.Equal(200, (await _b.SendAsync(HttpMethod.Put, $"/{bucket}/tagged", body: "x"u8.ToArray(), headers: tagging)).Status);
        Assert.Contains("<Value>public</Value>", (await _a.SendAsync(HttpMethod.Get, $"/{bucket}/tagged", "tagging")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARequestObjectTagConditionIsDecidedByTheTagsTheRequestWrites()
    {
        var bucket = await BucketOfAAsync("doc");
        await AllowBAsync(bucket, "\"s3:PutObject\",\"s3:PutObjectTagging\"", ""","Condition":{"StringEquals":{"s3:RequestObjectTag/security":"public"}}""");
        Dictionary<string, string> Tagged(string value) => new() { ["x-amz-tagging"] = "security=" + value };

        AssertRefused(await _b.SendAsync(HttpMethod.Put, $"/{bucket}/untagged", body: "x"u8.ToArray()), "B's PutObject without the tag");
        AssertRefused(await _b.SendAsync(HttpMethod.Put, $"/{bucket}/private", body: "x"u8.ToArray(), headers: Tagged("private")), "B's PutObject tagged private");
        Assert.Equal(200, (await _b.SendAsync(HttpMethod.Put, $"/{bucket}/public", body: "x"u8.ToArray(), headers: Tagged("public"))).Status);
        AssertRefused(await _b.SendAsync(HttpMethod.Put, $"/{bucket}/doc", "tagging", PrivateTagging), "B's PutObjectTagging of a private tag");
        Assert.Equal(200, (await _b.SendAsync(HttpMethod.Put, $"/{bucket}/doc", "tagging", PublicTagging)).Status);
        Assert.Contains("<Value>public</Value>", (await _a.SendAsync(HttpMethod.Get, $"/{bucket}/public", "tagging")).Text, StringComparison.Ordinal);
        Assert.Contains("<Value>public</Value>", (await _a.SendAsync(HttpMethod.Get, $"/{bucket}/doc", "tagging")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnExistingObjectTagConditionIsDecidedByTheObjectsTags()
    {
        var bucket = await BucketOfAAsync("publictag", "privatetag", "untagged");
        Assert.Equal(200, (await _a.SendAsync(HttpMethod.Put, $"/{bucket}/publictag", "tagging", PublicTagging)).Status);
        Assert.Equal(200, (await _a.SendAsync(HttpMethod.Put, $"/{bucket}/privatetag", "tagging", PrivateTagging)).Status);
        await AllowBAsync(bucket, "\"s3:GetObject\",\"s3:PutObjectTagging\"", ""","Condition":{"StringEquals":{"s3:ExistingObjectTag/security":"public"}}""");

        var read = await _b.SendAsync(HttpMethod.Get, $"/{bucket}/publictag");
        Assert.True(read.Status == 200, $"B's GetObject of the public-tagged object: {read.Status} {read.Text}");
        Assert.Equal("publictag", read.Text);
        AssertRefused(await _b.SendAsync(HttpMethod.Get, $"/{bucket}/privatetag"), "B's GetObject of the private-tagged object");
        AssertRefused(await _b.SendAsync(HttpMethod.Get, $"/{bucket}/untagged"), "B's GetObject of the untagged object");

        // The condition holds for the tags the object has when asked: B may retag it once, then no longer.
        Assert.Equal(200, (await _b.SendAsync(HttpMethod.Put, $"/{bucket}/publictag", "tagging", PrivateTagging)).Status);
        AssertRefused(await _b.SendAsync(HttpMethod.Put, $"/{bucket}/publictag", "tagging", PublicTagging), "B's second retagging");
        AssertRefused(await _b.SendAsync(HttpMethod.Get, $"/{bucket}/publictag"), "B's GetObject after the retagging");
    }
}
