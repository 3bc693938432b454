using System.Net;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// S3's ACL and bucket policy operations through AWSSDK.S3 against a real service: canned ACLs and grant lists on
/// buckets and objects (PutObject, multipart, copy, CreateBucket), what GetBucketAcl/GetObjectAcl answer afterwards,
/// Put/Get/DeleteBucketPolicy and GetBucketPolicyStatus, and each refusal in S3's terms with nothing stored.
/// The test key is the root account's.
/// </summary>
public sealed class S3AccessControlTests(SqliteServiceFixture fixture) : S3TestBase(fixture), IClassFixture<SqliteServiceFixture>
{
    private const string AllUsers = "http://acs.amazonaws.com/groups/global/AllUsers";
    private const string AuthenticatedUsers = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";

    private static string Describe(Owner owner, List<S3Grant> grants) =>
        $"owner={owner.Id} " + string.Join(" ", grants.Select(g => $"{g.Grantee.Type?.Value}:{g.Grantee.CanonicalUser ?? g.Grantee.URI}={g.Permission?.Value}"));

    private async Task<string> BucketAclAsync(string bucket)
    {
        var acl = await S3.GetBucketAclAsync(new GetBucketAclRequest { BucketName = bucket });
        return Describe(acl.Owner, acl.Grants);
    }

    private async Task<string> ObjectAclAsync(string bucket, string key)
    {
        var acl = await S3.GetObjectAclAsync(new GetObjectAclRequest { BucketName = bucket, Key = key });
        return Describe(acl.Owner, acl.Grants);
    }

    [Fact]
    public async Task NewBucketAndObjectArePrivateToTheirOwner()
    {
        var bucket = await NewBucketAsync();
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "k", ContentBody = "x" });
        Assert.Equal("owner=root CanonicalUser:root=FULL_CONTROL", await BucketAclAsync(bucket));
        Assert.Equal("owner=root CanonicalUser:root=FULL_CONTROL", await ObjectAclAsync(bucket, "k"));
    }

    [Fact]
    public async Task PutBucketAclWithACannedAclAndWithAGrantList()
    {
        var bucket = await NewBucketAsync();
        await S3.PutBucketAclAsync(new PutBucketAclRequest { BucketName = bucket, ACL = S3CannedACL.PublicRead });
        Assert.Equal($"owner=root Group:{AllUsers}=READ CanonicalUser:root=FULL_CONTROL", await BucketAclAsync(bucket));

        await S3.PutBucketAclAsync(new PutBucketAclRequest
        {
            BucketName = bucket,
            AccessControlPolicy = new S3AccessControlList
            {
                Owner = new Owner { Id = "root" },
                Grants =
                [
                    new S3Grant { Grantee = new S3Grantee { CanonicalUser = "root" }, Permission = S3Permission.FULL_CONTROL },
                    new S3Grant { Grantee = new S3Grantee { CanonicalUser = "alt-user" }, Permission = S3Permission.READ },
                    new S3Grant { Grantee = new S3Grantee { URI = AuthenticatedUsers }, Permission = S3Permission.WRITE_ACP },
                ],
            },
        });
        Assert.Equal($"owner=root Group:{AuthenticatedUsers}=WRITE_ACP CanonicalUser:root=FULL_CONTROL CanonicalUser:alt-user=READ", await BucketAclAsync(bucket));
    }

    [Fact]
    public async Task CannedAclsOnWritesBecomeTheObjectsAcl()
    {
        var bucket = await NewBucketAsync();
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "put", ContentBody = "x", CannedACL = S3CannedACL.PublicRead });
        Assert.Equal($"owner=root Group:{AllUsers}=READ CanonicalUser:root=FULL_CONTROL", await ObjectAclAsync(bucket, "put"));

        // A multipart upload keeps its ACL with its settings until Complete makes it the object's.
        var upload = (await S3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = bucket, Key = "mpu", CannedACL = S3CannedACL.AuthenticatedRead })).UploadId;
        var part = await UploadPartAsync(bucket, "mpu", upload, 1, RandomBytes(1000, 1));
        await CompleteAsync(bucket, "mpu", upload, [part]);
        Assert.Equal($"owner=root Group:{AuthenticatedUsers}=READ CanonicalUser:root=FULL_CONTROL", await ObjectAclAsync(bucket, "mpu"));

        // A copy never takes its source's ACL: the copy's own headers, or its owner's alone.
        await S3.CopyObjectAsync(new CopyObjectRequest { SourceBucket = bucket, SourceKey = "put", DestinationBucket = bucket, DestinationKey = "copy" });
        Assert.Equal("owner=root CanonicalUser:root=FULL_CONTROL", await ObjectAclAsync(bucket, "copy"));
        await S3.CopyObjectAsync(new CopyObjectRequest { SourceBucket = bucket, SourceKey = "mpu", DestinationBucket = bucket, DestinationKey = "copy2", CannedACL = S3CannedACL.PublicReadWrite });
        Assert.Equal($"owner=root Group:{AllUsers}=READ Group:{AllUsers}=WRITE CanonicalUser:root=FULL_CONTROL", await ObjectAclAsync(bucket, "copy2"));

        // Written by the bucket's owner, bucket-owner-full-control is its one FULL_CONTROL grant (as in S3).
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "bofc", ContentBody = "x", CannedACL = S3CannedACL.BucketOwnerFullControl });
        Assert.Equal("owner=root CanonicalUser:root=FULL_CONTROL", await ObjectAclAsync(bucket, "bofc"));
    }

    [Fact]
    public async Task GrantHeadersOnWritesAndPutObjectAclReplaceTheObjectsAcl()
    {
        var bucket = await NewBucketAsync();
        var put = await TestSigV4Signer.SendAsync(Http, HttpMethod.Put, $"/{bucket}/k", body: "x"u8.ToArray(), customize: r =>
        {
            r.Headers.Add("x-amz-grant-read", $"id=\"alt-user\", uri=\"{AllUsers}\"");
            r.Headers.Add("x-amz-grant-full-control", "id=\"root\"");
        });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal($"owner=root Group:{AllUsers}=READ CanonicalUser:alt-user=READ CanonicalUser:root=FULL_CONTROL", await ObjectAclAsync(bucket, "k"));

        await S3.PutObjectAclAsync(new PutObjectAclRequest { BucketName = bucket, Key = "k", ACL = S3CannedACL.Private });
        Assert.Equal("owner=root CanonicalUser:root=FULL_CONTROL", await ObjectAclAsync(bucket, "k"));

        // Rewriting the object gives it the new write's ACL (none asked: its owner's alone).
        await S3.PutObjectAclAsync(new PutObjectAclRequest { BucketName = bucket, Key = "k", ACL = S3CannedACL.PublicRead });
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "k", ContentBody = "y" });
        Assert.Equal("owner=root CanonicalUser:root=FULL_CONTROL", await ObjectAclAsync(bucket, "k"));
        Assert.Equal("y", Encoding.UTF8.GetString(await GetBytesAsync(bucket, "k")));
    }

    [Fact]
    public async Task CreateBucketTakesTheCannedAcl()
    {
        var bucket = "acl-" + Guid.NewGuid().ToString("N")[..12];
        await S3.PutBucketAsync(new PutBucketRequest { BucketName = bucket, CannedACL = S3CannedACL.PublicReadWrite });
        Assert.Equal($"owner=root Group:{AllUsers}=READ Group:{AllUsers}=WRITE CanonicalUser:root=FULL_CONTROL", await BucketAclAsync(bucket));
    }

    public static TheoryData<string, string, string?, string, HttpStatusCode, string> RefusedAcls() => new()
    {
        { "canned and grant", "x-amz-acl: public-read|x-amz-grant-read: id=\"alt-user\"", null, "", HttpStatusCode.BadRequest, "InvalidRequest" },
        { "unknown canned", "x-amz-acl: everyone", null, "", HttpStatusCode.BadRequest, "InvalidArgument" },
        { "log-delivery-write", "x-amz-acl: log-delivery-write", null, "", HttpStatusCode.NotImplemented, "NotImplemented" },
        { "invalid account id", "x-amz-grant-read: id=\"Not An Account!\"", null, "", HttpStatusCode.BadRequest, "InvalidArgument" },
        // Accounts have no e-mail address: S3's answer for an address that names no account.
        { "e-mail grantee", "x-amz-grant-read: emailAddress=\"a@example.com\"", null, "", HttpStatusCode.BadRequest, "UnresolvableGrantByEmailAddress" },
        { "unknown group", "x-amz-grant-read: uri=\"http://acs.amazonaws.com/groups/global/Nobody\"", null, "", HttpStatusCode.BadRequest, "InvalidArgument" },
        { "no acl at all", "", null, "", HttpStatusCode.BadRequest, "InvalidRequest" },
        { "not an AccessControlPolicy", "", "<Nope/>", "", HttpStatusCode.BadRequest, "MalformedACLError" },
        { "bad permission", "", "<AccessControlPolicy><AccessControlList><Grant><Grantee xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"CanonicalUser\"><ID>root</ID></Grantee><Permission>ALL</Permission></Grant></AccessControlList></AccessControlPolicy>", "", HttpStatusCode.BadRequest, "MalformedACLError" },
        { "e-mail grantee in the document", "", "<AccessControlPolicy><AccessControlList><Grant><Grantee xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"AmazonCustomerByEmail\"><EmailAddress>a@example.com</EmailAddress></Grantee><Permission>READ</Permission></Grant></AccessControlList></AccessControlPolicy>", "", HttpStatusCode.BadRequest, "UnresolvableGrantByEmailAddress" },
        { "headers and a document", "x-amz-acl: public-read", "<AccessControlPolicy><AccessControlList/></AccessControlPolicy>", "", HttpStatusCode.BadRequest, "InvalidRequest" },
    };

    /// <summary>A refused PutBucketAcl answers S3's error and leaves the bucket's ACL as it was.</summary>
    [Theory]
    [MemberData(nameof(RefusedAcls))]
    public async Task RefusedAclsChangeNothing(string name, string headers, string? document, string unused, HttpStatusCode status, string code)
    {
        _ = unused;
        var bucket = await NewBucketAsync();
        await S3.PutBucketAclAsync(new PutBucketAclRequest { BucketName = bucket, ACL = S3CannedACL.AuthenticatedRead });
        var before = await BucketAclAsync(bucket);
        var response = await TestSigV4Signer.SendAsync(Http, HttpMethod.Put, $"/{bucket}?acl", body: document is null ? null : Encoding.UTF8.GetBytes(document), customize: r =>
        {
            foreach (var header in headers.Split('|', StringSplitOptions.RemoveEmptyEntries))
            {
                var colon = header.IndexOf(':');
                r.Headers.TryAddWithoutValidation(header[..colon], header[(colon + 1)..].Trim());
            }
        });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{name}: {(int)response.StatusCode} {body}");
        Assert.Contains($"<Code>{code}</Code>", body, StringComparison.Ordinal);
        Assert.Equal(before, await BucketAclAsync(bucket));

        // The same headers on a PutObject write nothing.
        if (document is null && headers.Length > 0)
        {
            var put = await TestSigV4Signer.SendAsync(Http, HttpMethod.Put, $"/{bucket}/refused", body: "x"u8.ToArray(), customize: r =>
            {
                foreach (var header in headers.Split('|', StringSplitOptions.RemoveEmptyEntries))
                {
                    var colon = header.IndexOf(':');
                    r.Headers.TryAddWithoutValidation(header[..colon], header[(colon + 1)..].Trim());
                }
            });
            Assert.Equal(status, put.StatusCode);
            var missing = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => S3.GetObjectMetadataAsync(bucket, "refused"));
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }
    }

    [Fact]
    public async Task GetObjectAclOfAMissingKeyIsNoSuchKey()
    {
        var bucket = await NewBucketAsync();
        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => S3.GetObjectAclAsync(new GetObjectAclRequest { BucketName = bucket, Key = "missing" }));
        Assert.Equal("NoSuchKey", error.ErrorCode);
        var noBucket = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => S3.GetBucketAclAsync(new GetBucketAclRequest { BucketName = "no-such-" + Guid.NewGuid().ToString("N")[..8] }));
        Assert.Equal("NoSuchBucket", noBucket.ErrorCode);
    }

    [Fact]
    public async Task BucketPolicyIsStoredAsWrittenReportedAndDeleted()
    {
        var bucket = await NewBucketAsync();
        await AssertNoPolicyAsync(bucket);

        var policy = $$"""
            {"Version":"2012-10-17","Statement":[{"Sid":"PublicRead","Effect":"Allow","Principal":"*","Action":["s3:GetObject"],"Resource":["arn:aws:s3:::{{bucket}}/*"]}]}
            """;
        await S3.PutBucketPolicyAsync(new PutBucketPolicyRequest { BucketName = bucket, Policy = policy });
        Assert.Equal(policy, (await S3.GetBucketPolicyAsync(new GetBucketPolicyRequest { BucketName = bucket })).Policy);
        Assert.True((await S3.GetBucketPolicyStatusAsync(new GetBucketPolicyStatusRequest { BucketName = bucket })).PolicyStatus.IsPublic);

        var scoped = $$"""{"Statement":[{"Effect":"Allow","Principal":{"AWS":["alt-user"]},"Action":"s3:GetObject","Resource":"arn:aws:s3:::{{bucket}}/*"}]}""";
        await S3.PutBucketPolicyAsync(new PutBucketPolicyRequest { BucketName = bucket, Policy = scoped });
        Assert.False((await S3.GetBucketPolicyStatusAsync(new GetBucketPolicyStatusRequest { BucketName = bucket })).PolicyStatus.IsPublic);

        await S3.DeleteBucketPolicyAsync(new DeleteBucketPolicyRequest { BucketName = bucket });
        await AssertNoPolicyAsync(bucket);
        var status = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => S3.GetBucketPolicyStatusAsync(new GetBucketPolicyStatusRequest { BucketName = bucket }));
        Assert.Equal("NoSuchBucketPolicy", status.ErrorCode);

        // Deleting what is not there is no error, as in S3.
        await S3.DeleteBucketPolicyAsync(new DeleteBucketPolicyRequest { BucketName = bucket });
    }

    /// <summary>GetBucketPolicy of a bucket without one: 404 NoSuchBucketPolicy (AWSSDK.S3 answers it without an exception, so the wire is read).</summary>
    private async Task AssertNoPolicyAsync(string bucket)
    {
        var response = await TestSigV4Signer.SendAsync(Http, HttpMethod.Get, $"/{bucket}?policy");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("<Code>NoSuchBucketPolicy</Code>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("{\"Statement\":[]}")]
    [InlineData("{\"Statement\":[{\"Effect\":\"Maybe\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::BUCKET/*\"}]}")]
    [InlineData("{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::another-bucket/*\"}]}")]
    [InlineData("{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Resource\":\"arn:aws:s3:::BUCKET/*\"}]}")]
    public async Task MalformedPoliciesAreRefusedAndChangeNothing(string document)
    {
        var bucket = await NewBucketAsync();
        var kept = $$"""{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:DeleteObject","Resource":"arn:aws:s3:::{{bucket}}/*"}]}""";
        await S3.PutBucketPolicyAsync(new PutBucketPolicyRequest { BucketName = bucket, Policy = kept });
        var error = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => S3.PutBucketPolicyAsync(new PutBucketPolicyRequest { BucketName = bucket, Policy = document.Replace("BUCKET", bucket, StringComparison.Ordinal) }));
        Assert.Equal("MalformedPolicy", error.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal(kept, (await S3.GetBucketPolicyAsync(new GetBucketPolicyRequest { BucketName = bucket })).Policy);
    }
}
