using System.Net;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.S3.Transfer;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// AWSSDK.S3 with non-administrator keys made by omp-admin: account A uploads in parts through the SDK's
/// TransferUtility, sets and reads its bucket's ACL (canned and grant lists) and policy; account B reads what they
/// grant it and is refused (AmazonS3Exception 403 AccessDenied) everything else in A's bucket, including A's open
/// upload; A's object, ACL, policy and upload are unchanged afterwards.
/// </summary>
public sealed class AwsSdkNonAdminTests(CliMadeAccounts accounts) : IClassFixture<CliMadeAccounts>
{
    private const int MiB = 1024 * 1024;

    /// <summary>TransferUtility uploads in parts from 16 MiB by default: from 5 MiB here, so 11 MiB go in 3 parts.</summary>
    private static readonly TransferUtilityConfig InParts = new() { MinSizeBeforePartUpload = 5 * MiB };

    [Fact]
    public async Task MultipartAclAndPolicyWithAnAccountKeyAndRefusalsInAnotherAccountsBucket()
    {
        var (a, b) = (accounts.A, accounts.B);
        using var owner = accounts.Host.CreateS3Client(a.SecretKey, a.AccessKey);
        using var other = accounts.Host.CreateS3Client(b.SecretKey, b.AccessKey);
        var bucket = "sdk-nonadmin-" + Guid.NewGuid().ToString("N")[..10];
        await owner.PutBucketAsync(bucket);

        var body = RandomNumberGenerator.GetBytes(11 * MiB);
        using (var transfer = new TransferUtility(owner, InParts))
        {
            await transfer.UploadAsync(new TransferUtilityUploadRequest { BucketName = bucket, Key = "big", InputStream = new MemoryStream(body), PartSize = 5 * MiB });
        }

        var head = await owner.GetObjectMetadataAsync(bucket, "big");
        Assert.Equal(body.Length, head.ContentLength);
        Assert.EndsWith("-3\"", head.ETag, StringComparison.Ordinal);

        // ACL: a canned ACL first, then a grant list that lets B list the bucket.
        await owner.PutBucketAclAsync(new PutBucketAclRequest { BucketName = bucket, ACL = S3CannedACL.Private });
        await owner.PutBucketAclAsync(new PutBucketAclRequest
        {
            BucketName = bucket,
            AccessControlPolicy = new S3AccessControlList
            {
                Owner = new Owner { Id = a.AccountId },
                Grants =
                [
                    new S3Grant { Grantee = new S3Grantee { CanonicalUser = a.AccountId }, Permission = S3Permission.FULL_CONTROL },
                    new S3Grant { Grantee = new S3Grantee { CanonicalUser = b.AccountId }, Permission = S3Permission.READ },
                ],
            },
        });
        var acl = await owner.GetBucketAclAsync(new GetBucketAclRequest { BucketName = bucket });
        Assert.Equal(a.AccountId, acl.Owner.Id);
        Assert.Equal([$"{a.AccountId}=FULL_CONTROL", $"{b.AccountId}=READ"], Grants(acl.Grants));

        // Policy: B may read the objects.
        var policy = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["{{b.AccountId}}"]},"Action":"s3:GetObject","Resource":"arn:aws:s3:::{{bucket}}/*"}]}""";
        await owner.PutBucketPolicyAsync(new PutBucketPolicyRequest { BucketName = bucket, Policy = policy });
        Assert.Equal(policy, (await owner.GetBucketPolicyAsync(new GetBucketPolicyRequest { BucketName = bucket })).Policy);
        var open = (await owner.InitiateMultipartUploadAsync(bucket, "open")).UploadId;
        await owner.UploadPartAsync(new UploadPartRequest { BucketName = bucket, Key = "open", UploadId = open, PartNumber = 1, InputStream = new MemoryStream([1, 2, 3]) });

        // B gets what the ACL and the policy grant...
        Assert.Equal(["big"], (await other.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket })).S3Objects.Select(o => o.Key));
        Assert.Equal(MD5.HashData(body), await Md5Async(other, bucket, "big"));

        // ...and nothing more.
        var refused = new (string Name, Func<Task> Call)[]
        {
            ("PutObject over A's object", () => other.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "big", ContentBody = "B" })),
            ("TransferUtility upload in parts", async () =>
            {
                using var transfer = new TransferUtility(other, InParts);
                await transfer.UploadAsync(new TransferUtilityUploadRequest { BucketName = bucket, Key = "by-b", InputStream = new MemoryStream(new byte[6 * MiB]), PartSize = 5 * MiB });
            }),
            ("UploadPart into A's upload", () => other.UploadPartAsync(new UploadPartRequest { BucketName = bucket, Key = "open", UploadId = open, PartNumber = 2, InputStream = new MemoryStream([9]) })),
            ("ListParts of A's upload", () => other.ListPartsAsync(bucket, "open", open)),
            ("AbortMultipartUpload of A's upload", () => other.AbortMultipartUploadAsync(bucket, "open", open)),
            ("DeleteObject", () => other.DeleteObjectAsync(bucket, "big")),
            ("GetBucketAcl", () => other.GetBucketAclAsync(new GetBucketAclRequest { BucketName = bucket })),
            ("PutBucketAcl", () => other.PutBucketAclAsync(new PutBucketAclRequest { BucketName = bucket, ACL = S3CannedACL.PublicReadWrite })),
            ("PutObjectAcl", () => other.PutObjectAclAsync(new PutObjectAclRequest { BucketName = bucket, Key = "big", ACL = S3CannedACL.PublicRead })),
            ("GetBucketPolicy", () => other.GetBucketPolicyAsync(new GetBucketPolicyRequest { BucketName = bucket })),
            ("PutBucketPolicy", () => other.PutBucketPolicyAsync(new PutBucketPolicyRequest { BucketName = bucket, Policy = policy.Replace("s3:GetObject", "s3:*", StringComparison.Ordinal) })),
            ("DeleteBucketPolicy", () => other.DeleteBucketPolicyAsync(new DeleteBucketPolicyRequest { BucketName = bucket })),
            ("DeleteBucket", () => other.DeleteBucketAsync(bucket)),
        };
        foreach (var (name, call) in refused)
        {
            var error = await Assert.ThrowsAsync<AmazonS3Exception>(call);
            Assert.True(error.StatusCode == HttpStatusCode.Forbidden && error.ErrorCode == "AccessDenied", $"B's {name}: {(int)error.StatusCode} {error.ErrorCode}");
        }

        // A's data is as A left it.
        Assert.Equal(MD5.HashData(body), await Md5Async(owner, bucket, "big"));
        Assert.Equal(head.ETag, (await owner.GetObjectMetadataAsync(bucket, "big")).ETag);
        Assert.Equal(["big"], (await owner.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket })).S3Objects.Select(o => o.Key));
        Assert.Equal([$"{a.AccountId}=FULL_CONTROL", $"{b.AccountId}=READ"], Grants((await owner.GetBucketAclAsync(new GetBucketAclRequest { BucketName = bucket })).Grants));
        Assert.Equal(policy, (await owner.GetBucketPolicyAsync(new GetBucketPolicyRequest { BucketName = bucket })).Policy);
        var parts = await owner.ListPartsAsync(bucket, "open", open);
        Assert.Equal([(1, 3L)], parts.Parts.Select(p => ((int)p.PartNumber!, (long)p.Size!)));
        Assert.Equal(["open"], (await owner.ListMultipartUploadsAsync(bucket)).MultipartUploads.Select(u => u.Key));
    }

    private static List<string> Grants(List<S3Grant> grants) =>
        grants.Select(g => $"{g.Grantee.CanonicalUser}={g.Permission.Value}").Order(StringComparer.Ordinal).ToList();

    private static async Task<byte[]> Md5Async(IAmazonS3 client, string bucket, string key)
    {
        using var read = await client.GetObjectAsync(bucket, key);
        return await MD5.HashDataAsync(read.ResponseStream);
    }
}
