using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// S3's <c>x-amz-expected-bucket-owner</c>: a request that names an account other than the bucket's owner is refused with
/// 403 AccessDenied whoever sends it (the owner, an anonymous caller a public-read-write bucket would serve), and nothing is
/// written; naming the owner changes nothing (ceph/s3-tests' <c>test_expected_bucket_owner</c>). AWSSDK.S3's
/// ExpectedBucketOwner with an ordinary account's key, unsigned requests over real HTTP.
/// </summary>
public sealed class ExpectedBucketOwnerTests(SqliteServiceFixture fixture) : S3TestBase(fixture), IClassFixture<SqliteServiceFixture>
{
    /// <summary>(the request: LIST, PUT or GET; who sends it: owner or anonymous; whether the expected owner is the bucket's).</summary>
    public static TheoryData<string, string, bool> Requests() => new()
    {
        { "LIST", "owner", true }, { "LIST", "owner", false },
        { "PUT", "owner", true }, { "PUT", "owner", false },
        { "GET", "owner", true }, { "GET", "owner", false },
        { "LIST", "anonymous", true }, { "LIST", "anonymous", false },
        { "PUT", "anonymous", true }, { "PUT", "anonymous", false },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task ARequestNamingAnotherOwnerIsRefused(string request, string sender, bool expectsTheOwner)
    {
        var (a, b) = await TestAccounts.CreateAsync(Host);
        using var owner = Host.CreateS3Client(a.SecretKey, a.AccessKey);
        var bucket = "expown-" + Guid.NewGuid().ToString("N")[..12];
        await owner.PutBucketAsync(new PutBucketRequest { BucketName = bucket, CannedACL = S3CannedACL.PublicReadWrite });
        await owner.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "existing", ContentBody = "existing" });
        var expected = expectsTheOwner ? a.AccountId : b.AccountId;

        HttpStatusCode status;
        string code;
        if (sender == "owner")
        {
            Task call = request switch
            {
                "LIST" => owner.ListObjectsAsync(new ListObjectsRequest { BucketName = bucket, ExpectedBucketOwner = expected }),
                "PUT" => owner.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "written", ContentBody = "new", ExpectedBucketOwner = expected }),
                _ => owner.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "existing", ExpectedBucketOwner = expected }),
            };
            try
            {
                await call;
                (status, code) = (HttpStatusCode.OK, "");
            }
            catch (AmazonS3Exception refused)
            {
                (status, code) = (refused.StatusCode, refused.ErrorCode);
            }
        }
        else
        {
            using var unsigned = new HttpRequestMessage(request == "PUT" ? HttpMethod.Put : HttpMethod.Get, new Uri(Http.BaseAddress!, request == "PUT" ? $"/{bucket}/written" : $"/{bucket}"))
            {
                Content = request == "PUT" ? new ByteArrayContent("new"u8.ToArray()) : null,
            };
            unsigned.Headers.Add("x-amz-expected-bucket-owner", expected);
            using var response = await Http.SendAsync(unsigned);
            var text = await response.Content.ReadAsStringAsync();
            (status, code) = (response.StatusCode, response.IsSuccessStatusCode ? "" : text);
        }

        if (expectsTheOwner)
        {
            Assert.True(status == HttpStatusCode.OK, $"{request} by {sender}: {(int)status} {code}");
        }
        else
        {
            Assert.True(status == HttpStatusCode.Forbidden && code.Contains("AccessDenied", StringComparison.Ordinal), $"{request} by {sender}: {(int)status} {code}");
        }

        // A refused PUT stored nothing; an allowed one stored its object.
        var keys = (await owner.ListObjectsAsync(new ListObjectsRequest { BucketName = bucket })).S3Objects.Select(o => o.Key);
        Assert.Equal(request == "PUT" && expectsTheOwner ? ["existing", "written"] : ["existing"], keys);
    }
}
