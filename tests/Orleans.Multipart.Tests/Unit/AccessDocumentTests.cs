using System.Text;
using Orleans.Multipart.Gateway.Core;
using Orleans.Multipart.Gateway.Pipeline;

namespace Orleans.Multipart.Tests.Unit;

/// <summary>
/// The ACL and policy documents both ways, exactly: what the renderers write (S3's AccessControlPolicy and PolicyStatus,
/// the policy as written; QingStor's acl and statement JSON), and what the parsers read from the same documents.
/// </summary>
public sealed class AccessDocumentTests
{
    private const string Xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>";
    private const string S3Ns = "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"";
    private const string Xsi = "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"";
    private const string S3Policy = "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b/*\"}]}";
    private const string QingStorPolicy = "{\"statement\":[{\"id\":\"s1\",\"user\":\"*\",\"action\":[\"get_object\"],\"effect\":\"allow\",\"resource\":[\"b/*\"]}]}";

    private static readonly AccessControlList Acl = new("acct1",
    [
        new Grant(Grantee.Account("acct1"), AclPermission.FullControl),
        new Grant(Grantee.Account("acct2"), AclPermission.ReadAcp),
        new Grant(Grantee.AllUsers, AclPermission.Read),
        new Grant(Grantee.AuthenticatedUsers, AclPermission.Write),
    ]);

    // The display names the handler found: acct2's is missing (an account deleted since), so its id stands for it.
    private static readonly Dictionary<string, string> Names = new() { ["acct1"] = "Account One" };

    // Group grants first, then accounts (RGW's order, which ceph/s3-tests compares); each account with its display name.
    private static readonly string S3AccessControlPolicy =
        $"<AccessControlPolicy {S3Ns}><Owner><ID>acct1</ID><DisplayName>Account One</DisplayName></Owner><AccessControlList>"
        + $"<Grant><Grantee {Xsi} xsi:type=\"Group\"><URI>http://acs.amazonaws.com/groups/global/AllUsers</URI></Grantee><Permission>READ</Permission></Grant>"
        + $"<Grant><Grantee {Xsi} xsi:type=\"Group\"><URI>http://acs.amazonaws.com/groups/global/AuthenticatedUsers</URI></Grantee><Permission>WRITE</Permission></Grant>"
        + $"<Grant><Grantee {Xsi} xsi:type=\"CanonicalUser\"><ID>acct1</ID><DisplayName>Account One</DisplayName></Grantee><Permission>FULL_CONTROL</Permission></Grant>"
        + $"<Grant><Grantee {Xsi} xsi:type=\"CanonicalUser\"><ID>acct2</ID><DisplayName>acct2</DisplayName></Grantee><Permission>READ_ACP</Permission></Grant>"
        + "</AccessControlList></AccessControlPolicy>";

    public static TheoryData<string, string, int, string> Documents() => new()
    {
        { "s3", "bucket-acl", 200, Xml + S3AccessControlPolicy },
        { "s3", "object-acl", 200, Xml + S3AccessControlPolicy },
        { "s3", "policy", 200, S3Policy },
        { "s3", "policy-status", 200, $"{Xml}<PolicyStatus {S3Ns}><IsPublic>true</IsPublic></PolicyStatus>" },
        { "s3", "put-acl", 200, "" },
        { "s3", "put-policy", 204, "" },
        {
            "qingstor", "bucket-acl", 200, "{\"owner\":{\"id\":\"acct1\",\"name\":\"acct1\"},\"acl\":["
                + "{\"grantee\":{\"type\":\"user\",\"id\":\"acct1\",\"name\":\"acct1\"},\"permission\":\"FULL_CONTROL\"},"
                + "{\"grantee\":{\"type\":\"user\",\"id\":\"acct2\",\"name\":\"acct2\"},\"permission\":\"READ_ACP\"},"
                + "{\"grantee\":{\"type\":\"group\",\"name\":\"QS_ALL_USERS\"},\"permission\":\"READ\"},"
                + "{\"grantee\":{\"type\":\"group\",\"name\":\"QS_AUTHENTICATED_USERS\"},\"permission\":\"WRITE\"}]}"
        },
        { "qingstor", "qingstor-policy", 200, QingStorPolicy },
        { "qingstor", "put-policy", 200, "" },
        { "qingstor", "delete-policy", 204, "" },
    };

    [Theory]
    [MemberData(nameof(Documents))]
    public async Task ResultsRenderAsTheVendorsDocument(string dialect, string shape, int status, string document)
    {
        var context = DialectFixtures.Request("GET", "/b");
        await DialectFixtures.Dialect(dialect).RenderAsync(context, new Caller("AK", new Principal("acct1", "AK")), Result(shape));
        Assert.Equal(status, context.Response.StatusCode);
        Assert.Equal(document, DialectFixtures.Body(context));
        Assert.Equal(Encoding.UTF8.GetByteCount(document), context.Response.ContentLength ?? 0); // a 204 may leave it to the server
    }

    /// <summary>The rendered AccessControlPolicy, sent back to PutBucketAcl / PutObjectAcl, is the same list (in the order shown).</summary>
    [Theory]
    [InlineData("/b?acl")]
    [InlineData("/b/k?acl")]
    public async Task AccessControlPolicyParsesIntoTheGrantsItShows(string target)
    {
        var operation = await DialectFixtures.ParseAsync("s3", "PUT", target, Xml + S3AccessControlPolicy);
        var requested = operation switch
        {
            PutBucketAcl bucket => bucket.Acl,
            PutObjectAcl obj => obj.Acl,
            _ => throw new InvalidOperationException(operation.Name),
        };
        Assert.Equal(Acl.Grants.OrderBy(g => g.Grantee.Kind == GranteeKind.Account), requested.Resolve("acct1", "acct1").Grants);
    }

    [Fact]
    public async Task QingStorAclParsesIntoTheOwnersFullControlAndTheGrants()
    {
        var body = "{\"acl\":[{\"grantee\":{\"type\":\"user\",\"id\":\"acct2\"},\"permission\":\"READ\"},{\"grantee\":{\"type\":\"group\",\"name\":\"QS_ALL_USERS\"},\"permission\":\"WRITE\"}]}";
        var put = Assert.IsType<PutBucketAcl>(await DialectFixtures.ParseAsync("qingstor", "PUT", "/b?acl", body));
        Assert.Equal(
            [new Grant(Grantee.Account("acct1"), AclPermission.FullControl), new Grant(Grantee.Account("acct2"), AclPermission.Read), new Grant(Grantee.AllUsers, AclPermission.Write)],
            put.Acl.Resolve("acct1", "acct1").Grants);
    }

    [Fact]
    public async Task PoliciesParseAsWritten()
    {
        var s3 = Assert.IsType<PutBucketPolicy>(await DialectFixtures.ParseAsync("s3", "PUT", "/b?policy", S3Policy));
        Assert.Equal(S3Policy, s3.Policy.Document);
        var qingstor = Assert.IsType<PutBucketPolicy>(await DialectFixtures.ParseAsync("qingstor", "PUT", "/b?policy", QingStorPolicy));
        Assert.Equal(QingStorPolicy, qingstor.Policy.Document);
    }

    /// <summary>The canned ACLs and grant headers as the grants they stand for (owner acct1, bucket owner acct9).</summary>
    [Theory]
    [InlineData("x-amz-acl", "private", "acct1=FullControl")]
    [InlineData("x-amz-acl", "public-read", "acct1=FullControl AllUsers=Read")]
    [InlineData("x-amz-acl", "public-read-write", "acct1=FullControl AllUsers=Read AllUsers=Write")]
    [InlineData("x-amz-acl", "authenticated-read", "acct1=FullControl AuthenticatedUsers=Read")]
    [InlineData("x-amz-acl", "bucket-owner-read", "acct1=FullControl acct9=Read")]
    [InlineData("x-amz-acl", "bucket-owner-full-control", "acct1=FullControl acct9=FullControl")]
    [InlineData("x-amz-grant-read", "id=\"acct2\", uri=\"http://acs.amazonaws.com/groups/global/AllUsers\"", "acct2=Read AllUsers=Read")]
    [InlineData("x-amz-grant-write-acp", "id=acct3", "acct3=WriteAcp")]
    public void AclHeadersStandForTheirGrants(string header, string value, string grants)
    {
        var context = DialectFixtures.Request("PUT", "/b/k");
        context.Request.Headers[header] = value;
        var requested = Gateway.S3.S3AclHeaders.Read(context.Request, RequestTarget.Parse(context, null))!;
        var shown = requested.Resolve("acct1", "acct9").Grants.Select(g => $"{(g.Grantee.Kind == GranteeKind.Account ? g.Grantee.AccountId : g.Grantee.Kind.ToString())}={g.Permission}");
        Assert.Equal(grants, string.Join(" ", shown));
    }

    private static OperationResult Result(string shape) => shape switch
    {
        "bucket-acl" => new AclDescribed(new GetBucketAcl("b"), Acl, Names),
        "object-acl" => new AclDescribed(new GetObjectAcl("b", "k"), Acl, Names),
        "policy" => new PolicyDescribed(new GetBucketPolicy("b"), BucketPolicy.Parse(S3Policy, "b")),
        "qingstor-policy" => new PolicyDescribed(new GetBucketPolicy("b"), BucketPolicy.ParseQingStor(QingStorPolicy, "b")),
        "policy-status" => new PolicyStatusDescribed(new GetBucketPolicyStatus("b"), true),
        "put-acl" => new Done(new PutBucketAcl("b", AclRequest.FromCanned("private")!)),
        "put-policy" => new Done(new PutBucketPolicy("b", BucketPolicy.Parse(S3Policy, "b"))),
        "delete-policy" => new Done(new DeleteBucketPolicy("b")),
        _ => throw new ArgumentOutOfRangeException(nameof(shape)),
    };
}
