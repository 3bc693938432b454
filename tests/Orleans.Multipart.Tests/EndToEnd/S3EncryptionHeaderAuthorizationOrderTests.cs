using System.Net;
using Amazon.S3.Model;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// A write whose server-side encryption headers are invalid (an algorithm other than AES256) is judged as AWS judges it:
/// a caller the bucket's policy (or the lack of any grant) refuses gets 403 AccessDenied, and only a caller who may write
/// learns that the header is bad (400). ceph/s3-tests' <c>test_encryption_sse_c_deny_algo_with_bucket_policy</c> and
/// <c>test_bucket_policy_put_obj_s3_incorrect_algo_sse_s3</c> deny PutObject on the bad algorithm itself. Real HTTP,
/// SigV4 with an ordinary account's key; nothing is stored in any case.
/// </summary>
public sealed class S3EncryptionHeaderAuthorizationOrderTests(SqliteServiceFixture fixture) : S3TestBase(fixture), IClassFixture<SqliteServiceFixture>
{
    private const string DenySseS3 = """{"StringNotEquals":{"s3:x-amz-server-side-encryption":"AES256"}}""";
    private const string DenySseC = """{"StringNotEquals":{"s3:x-amz-server-side-encryption-customer-algorithm":"AES256"}}""";
    private const string SseCKey = "x-amz-server-side-encryption-customer-key: pO3upElrwuEXSoFwCfnZPdSsmt/xWeFa0N9KgDijwVs=|x-amz-server-side-encryption-customer-key-MD5: DWygnHRtgiJ77HCm+1rvHw==";

    /// <summary>(case, the Condition of a Deny of s3:PutObject or none, who sends: owner or anonymous, the request: PUT, INITIATE or COPY, its headers, status, error code).</summary>
    public static TheoryData<string, string?, string, string, string, HttpStatusCode, string> Requests() => new()
    {
        { "SSE-S3 AES192, policy denies it", DenySseS3, "owner", "PUT", "x-amz-server-side-encryption: AES192", HttpStatusCode.Forbidden, "AccessDenied" },
        { "SSE-S3 AES192, no policy", null, "owner", "PUT", "x-amz-server-side-encryption: AES192", HttpStatusCode.BadRequest, "InvalidArgument" },
        { "SSE-C AES192, policy denies it", DenySseC, "owner", "PUT", "x-amz-server-side-encryption-customer-algorithm: AES192|" + SseCKey, HttpStatusCode.Forbidden, "AccessDenied" },
        { "SSE-C AES192, no policy", null, "owner", "PUT", "x-amz-server-side-encryption-customer-algorithm: AES192|" + SseCKey, HttpStatusCode.BadRequest, "InvalidEncryptionAlgorithmError" },
        { "SSE-S3 AES192 from a caller without access", null, "anonymous", "PUT", "x-amz-server-side-encryption: AES192", HttpStatusCode.Forbidden, "AccessDenied" },
        { "CreateMultipartUpload SSE-S3 AES192, policy denies it", DenySseS3, "owner", "INITIATE", "x-amz-server-side-encryption: AES192", HttpStatusCode.Forbidden, "AccessDenied" },
        { "CreateMultipartUpload SSE-S3 AES192, no policy", null, "owner", "INITIATE", "x-amz-server-side-encryption: AES192", HttpStatusCode.BadRequest, "InvalidArgument" },
        { "CopyObject SSE-S3 AES192, policy denies it", DenySseS3, "owner", "COPY", "x-amz-server-side-encryption: AES192", HttpStatusCode.Forbidden, "AccessDenied" },
        { "CopyObject SSE-S3 AES192, no policy", null, "owner", "COPY", "x-amz-server-side-encryption: AES192", HttpStatusCode.BadRequest, "InvalidArgument" },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task AnInvalidEncryptionHeaderIsRefusedOnlyAfterTheCallerIsAllowed(string name, string? denyCondition, string sender, string request, string headers, HttpStatusCode status, string code)
    {
        var (a, _) = await TestAccounts.CreateAsync(Host);
        using var owner = Host.CreateS3Client(a.SecretKey, a.AccessKey);
        var bucket = "sseorder-" + Guid.NewGuid().ToString("N")[..12];
        await owner.PutBucketAsync(new PutBucketRequest { BucketName = bucket });
        await owner.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "source", ContentBody = "source" });
        if (denyCondition is not null)
        {
            await owner.PutBucketPolicyAsync(new PutBucketPolicyRequest
            {
                BucketName = bucket,
                Policy = $$"""{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::{{bucket}}/*","Condition":{{denyCondition}}}]}""",
            });
        }

        var (method, path, body) = request switch
        {
            "INITIATE" => (HttpMethod.Post, $"/{bucket}/written?uploads", (byte[]?)null),
            "COPY" => (HttpMethod.Put, $"/{bucket}/written", null),
            _ => (HttpMethod.Put, $"/{bucket}/written", "body"u8.ToArray()),
        };
        void Customize(HttpRequestMessage r)
        {
            if (request == "COPY")
            {
                r.Headers.Add("x-amz-copy-source", $"/{bucket}/source");
            }

            foreach (var header in headers.Split('|', StringSplitOptions.RemoveEmptyEntries))
            {
                var colon = header.IndexOf(':', StringComparison.Ordinal);
                r.Headers.TryAddWithoutValidation(header[..colon], header[(colon + 1)..].Trim());
            }
        }

        HttpResponseMessage response;
        if (sender == "anonymous")
        {
            using var unsigned = new HttpRequestMessage(method, new Uri(Http.BaseAddress!, path)) { Content = body is null ? null : new ByteArrayContent(body) };
            Customize(unsigned);
            response = await Http.SendAsync(unsigned);
        }
        else
        {
            response = await TestSigV4Signer.SendAsync(Http, method, path, body, a.SecretKey, a.AccessKey, customize: Customize);
        }

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode && text.Contains($"<Code>{code}</Code>", StringComparison.Ordinal), $"{name}: {(int)response.StatusCode} {text}");

        // Nothing stored: no object under the key, no upload open in the bucket.
        var head = await TestSigV4Signer.SendAsync(Http, HttpMethod.Head, $"/{bucket}/written", secretKey: a.SecretKey, accessKey: a.AccessKey);
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        Assert.Empty((await owner.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket })).MultipartUploads ?? []);
    }
}
