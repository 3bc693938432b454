using Amazon.S3;
using Amazon.S3.Model;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// Every s3 listing names an owner as the ACL answers name it (ceph/s3-tests' <c>test_bucket_list_return_data</c> and
/// <c>test_list_multipart_upload_owner</c> compare them): the account id as ID and the account's display name (made
/// through the admin API) as DisplayName, for the objects and uploads of two accounts in one bucket, in ListBuckets,
/// ListObjects v1 and v2 (fetch-owner), ListObjectVersions, ListMultipartUploads and ListParts. AWSSDK.S3 with each
/// account's own key.
/// </summary>
public sealed class S3ListingDisplayNameTests(SqliteServiceFixture fixture) : S3TestBase(fixture), IClassFixture<SqliteServiceFixture>
{
    /// <summary>The listings, each as "key or upload: ID 'DisplayName'" lines read by account A.</summary>
    public static TheoryData<string> Listings() => ["ListObjects", "ListObjectsV2 fetch-owner", "ListObjectVersions", "ListMultipartUploads", "ListParts", "ListBuckets"];

    [Theory]
    [MemberData(nameof(Listings))]
    public async Task ListingsNameEachOwnerByTheDisplayNameItsAclShows(string listing)
    {
        var (a, b) = await TestAccounts.CreateAsync(Host);
        using var clientA = Host.CreateS3Client(a.SecretKey, a.AccessKey);
        using var clientB = Host.CreateS3Client(b.SecretKey, b.AccessKey);
        var bucket = "lnames-" + Guid.NewGuid().ToString("N")[..12];
        await clientA.PutBucketAsync(new PutBucketRequest { BucketName = bucket, CannedACL = S3CannedACL.PublicReadWrite });
        await clientA.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "by-a", ContentBody = "a" });
        await clientB.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "by-b", ContentBody = "b" });
        var uploadA = (await clientA.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = bucket, Key = "up-a" })).UploadId;
        var uploadB = (await clientB.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = bucket, Key = "up-b" })).UploadId;

        // What the ACL answers say of each owner: the listings must say the same.
        var aclOwner = (await clientA.GetObjectAclAsync(new GetObjectAclRequest { BucketName = bucket, Key = "by-b" })).Owner;
        Assert.Equal((b.AccountId, "Test " + b.AccountId), (aclOwner.Id, aclOwner.DisplayName));
        string Named(string account) => $"{account} 'Test {account}'";
        static string Line(string what, Owner? owner) => $"{what}: {owner?.Id} '{owner?.DisplayName}'";

        string[] expected, listed;
        switch (listing)
        {
            case "ListObjects":
                expected = [$"by-a: {Named(a.AccountId)}", $"by-b: {Named(b.AccountId)}"];
                listed = [.. (await clientA.ListObjectsAsync(new ListObjectsRequest { BucketName = bucket })).S3Objects.Select(o => Line(o.Key, o.Owner))];
                break;
            case "ListObjectsV2 fetch-owner":
                expected = [$"by-a: {Named(a.AccountId)}", $"by-b: {Named(b.AccountId)}"];
                listed = [.. (await clientA.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, FetchOwner = true })).S3Objects.Select(o => Line(o.Key, o.Owner))];
                break;
            case "ListObjectVersions":
                expected = [$"by-a: {Named(a.AccountId)}", $"by-b: {Named(b.AccountId)}"];
                listed = [.. (await clientA.ListVersionsAsync(new ListVersionsRequest { BucketName = bucket })).Versions.Select(v => Line(v.Key, v.Owner))];
                break;
            case "ListMultipartUploads":
                expected = [$"up-a initiator: {Named(a.AccountId)}", $"up-a owner: {Named(a.AccountId)}", $"up-b initiator: {Named(b.AccountId)}", $"up-b owner: {Named(b.AccountId)}"];
                listed = [.. (await clientA.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket })).MultipartUploads
                    .SelectMany(u => new[] { Line(u.Key + " initiator", new Owner { Id = u.Initiator.Id, DisplayName = u.Initiator.DisplayName }), Line(u.Key + " owner", u.Owner) })];
                break;
            case "ListParts":
                expected = [$"initiator: {Named(b.AccountId)}", $"owner: {Named(b.AccountId)}"];
                var parts = await clientB.ListPartsAsync(new ListPartsRequest { BucketName = bucket, Key = "up-b", UploadId = uploadB });
                listed = [Line("initiator", new Owner { Id = parts.Initiator.Id, DisplayName = parts.Initiator.DisplayName }), Line("owner", parts.Owner)];
                break;
            default:
                expected = [$"owner: {Named(a.AccountId)}"];
                listed = [Line("owner", (await clientA.ListBucketsAsync(new ListBucketsRequest())).Owner)];
                break;
        }

        Assert.Equal(expected, listed);
        await clientA.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = bucket, Key = "up-a", UploadId = uploadA });
        await clientB.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = bucket, Key = "up-b", UploadId = uploadB });
    }
}
