using Amazon.S3;
using Amazon.S3.Model;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// GetBucketAcl and GetObjectAcl through AWSSDK.S3 with real accounts: the Owner and each CanonicalUser grantee carry
/// the account's display name (as made through the admin API), not its id, and group grantees come before accounts
/// (RGW's order, which ceph/s3-tests compares).
/// </summary>
public sealed class S3AclDisplayNameTests(SqliteServiceFixture fixture) : S3TestBase(fixture), IClassFixture<SqliteServiceFixture>
{
    private const string AllUsers = "http://acs.amazonaws.com/groups/global/AllUsers";

    private static string[] Describe(List<S3Grant> grants) =>
        [.. grants.Select(g => g.Grantee.Type?.Value == "Group"
            ? $"Group {g.Grantee.URI} {g.Permission?.Value}"
            : $"CanonicalUser {g.Grantee.CanonicalUser} '{g.Grantee.DisplayName}' {g.Permission?.Value}")];

    [Fact]
    public async Task AclAnswersNameAccountsByTheirDisplayNamesAfterTheGroups()
    {
        var (a, b) = await TestAccounts.CreateAsync(Host);
        using var owner = Host.CreateS3Client(a.SecretKey, a.AccessKey);
        using var other = Host.CreateS3Client(b.SecretKey, b.AccessKey);
        var bucket = "names-" + Guid.NewGuid().ToString("N")[..12];
        await owner.PutBucketAsync(new PutBucketRequest { BucketName = bucket, CannedACL = S3CannedACL.PublicReadWrite });

        var bucketAcl = await owner.GetBucketAclAsync(new GetBucketAclRequest { BucketName = bucket });
        Assert.Equal((a.AccountId, "Test " + a.AccountId), (bucketAcl.Owner.Id, bucketAcl.Owner.DisplayName));
        Assert.Equal(
            [$"Group {AllUsers} READ", $"Group {AllUsers} WRITE", $"CanonicalUser {a.AccountId} 'Test {a.AccountId}' FULL_CONTROL"],
            Describe(bucketAcl.Grants));

        // B writes into A's public-read-write bucket with bucket-owner-read: B owns the object, A may read it; both named.
        await other.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "k", ContentBody = "x", CannedACL = S3CannedACL.BucketOwnerRead });
        var objectAcl = await other.GetObjectAclAsync(new GetObjectAclRequest { BucketName = bucket, Key = "k" });
        Assert.Equal((b.AccountId, "Test " + b.AccountId), (objectAcl.Owner.Id, objectAcl.Owner.DisplayName));
        Assert.Equal(
            [$"CanonicalUser {b.AccountId} 'Test {b.AccountId}' FULL_CONTROL", $"CanonicalUser {a.AccountId} 'Test {a.AccountId}' READ"],
            Describe(objectAcl.Grants));
    }

    /// <summary>A grant to an account id that no account has (deleted since, or never made) shows the id as its name.</summary>
    [Fact]
    public async Task AGrantToAnAccountThatDoesNotExistShowsItsId()
    {
        var bucket = await NewBucketAsync();
        await S3.PutBucketAclAsync(new PutBucketAclRequest
        {
            BucketName = bucket,
            AccessControlPolicy = new S3AccessControlList
            {
                Owner = new Owner { Id = "root" },
                Grants = [new S3Grant { Grantee = new S3Grantee { CanonicalUser = "no-such-account" }, Permission = S3Permission.READ }],
            },
        });
        var acl = await S3.GetBucketAclAsync(new GetBucketAclRequest { BucketName = bucket });
        Assert.Equal(["CanonicalUser no-such-account 'no-such-account' READ"], Describe(acl.Grants));
    }
}
