using System.Net;
using Amazon.S3.Model;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// Bucket policy conditions on the request's own headers, as S3 sets its condition keys: account A's bucket allows
/// account B's PutObject only under a condition on <c>s3:x-amz-grant-full-control</c>, <c>s3:x-amz-server-side-encryption</c>,
/// <c>s3:x-amz-metadata-directive</c> or <c>s3:x-amz-copy-source</c>; B's write with the header the condition asks
/// for is stored, without it refused (403 AccessDenied, nothing stored). Real HTTP, SigV4 with B's key.
/// </summary>
public sealed class S3PolicyRequestConditionTests(SqliteServiceFixture fixture) : S3TestBase(fixture), IClassFixture<SqliteServiceFixture>
{
    /// <summary>
    /// (case, the Condition of the Allow statement, B's request: PUT or COPY from a key of the source bucket, its headers, the answer).
    /// OWNER is A's account id, SOURCE the source bucket (B may read it).
    /// </summary>
    public static TheoryData<string, string, string, string, HttpStatusCode> Requests() => new()
    {
        { "grant header as the policy asks", """{"StringEquals":{"s3:x-amz-grant-full-control":"id=OWNER"}}""", "PUT", "x-amz-grant-full-control: id=OWNER", HttpStatusCode.OK },
        { "no grant header", """{"StringEquals":{"s3:x-amz-grant-full-control":"id=OWNER"}}""", "PUT", "", HttpStatusCode.Forbidden },
        { "encryption asked for", """{"Null":{"s3:x-amz-server-side-encryption":"false"}}""", "PUT", "x-amz-server-side-encryption: AES256", HttpStatusCode.OK },
        { "no encryption asked for", """{"Null":{"s3:x-amz-server-side-encryption":"false"}}""", "PUT", "", HttpStatusCode.Forbidden },
        { "metadata copied", """{"StringEquals":{"s3:x-amz-metadata-directive":"COPY"}}""", "COPY public/a", "x-amz-metadata-directive: COPY", HttpStatusCode.OK },
        { "metadata replaced", """{"StringEquals":{"s3:x-amz-metadata-directive":"COPY"}}""", "COPY public/a", "x-amz-metadata-directive: REPLACE", HttpStatusCode.Forbidden },
        { "copy from the allowed prefix", """{"StringLike":{"s3:x-amz-copy-source":"SOURCE/public/*"}}""", "COPY public/a", "", HttpStatusCode.OK },
        { "copy from elsewhere", """{"StringLike":{"s3:x-amz-copy-source":"SOURCE/public/*"}}""", "COPY private/a", "", HttpStatusCode.Forbidden },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task WritesAreAllowedByConditionsOnTheirHeaders(string name, string condition, string request, string headers, HttpStatusCode expected)
    {
        var (a, b) = await TestAccounts.CreateAsync(Host);
        using var owner = Host.CreateS3Client(a.SecretKey, a.AccessKey);
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var (bucket, source) = ("cond-" + suffix, "cond-src-" + suffix);
        await owner.PutBucketAsync(new PutBucketRequest { BucketName = source });
        foreach (var key in new[] { "public/a", "private/a" })
        {
            await owner.PutObjectAsync(new PutObjectRequest { BucketName = source, Key = key, ContentBody = key });
        }

        await owner.PutBucketPolicyAsync(new PutBucketPolicyRequest
        {
            BucketName = source,
            Policy = $$"""{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::{{source}}/*"}]}""",
        });
        await owner.PutBucketAsync(new PutBucketRequest { BucketName = bucket });
        var statement = $$"""{"Effect":"Allow","Principal":{"AWS":"{{b.AccountId}}"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::{{bucket}}/*","Condition":{{condition}}}""";
        await owner.PutBucketPolicyAsync(new PutBucketPolicyRequest
        {
            BucketName = bucket,
            Policy = ("""{"Statement":[""" + statement + "]}").Replace("OWNER", a.AccountId, StringComparison.Ordinal).Replace("SOURCE", source, StringComparison.Ordinal),
        });

        var copyFrom = request.StartsWith("COPY ", StringComparison.Ordinal) ? request["COPY ".Length..] : null;
        var response = await TestSigV4Signer.SendAsync(Http, HttpMethod.Put, $"/{bucket}/written", copyFrom is null ? "body"u8.ToArray() : null, b.SecretKey, b.AccessKey, customize: r =>
        {
            if (copyFrom is not null)
            {
                r.Headers.Add("x-amz-copy-source", $"/{source}/{copyFrom}");
            }

            foreach (var header in headers.Split('|', StringSplitOptions.RemoveEmptyEntries))
            {
                var colon = header.IndexOf(':', StringComparison.Ordinal);
                r.Headers.TryAddWithoutValidation(header[..colon], header[(colon + 1)..].Trim().Replace("OWNER", a.AccountId, StringComparison.Ordinal));
            }
        });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{name}: {(int)response.StatusCode} {body}");

        // Refused: nothing was stored (A, the bucket's owner, finds no object); allowed: the object is there.
        var head = await TestSigV4Signer.SendAsync(Http, HttpMethod.Head, $"/{bucket}/written", secretKey: a.SecretKey, accessKey: a.AccessKey);
        Assert.Equal(expected == HttpStatusCode.OK ? HttpStatusCode.OK : HttpStatusCode.NotFound, head.StatusCode);
        if (expected == HttpStatusCode.Forbidden)
        {
            Assert.Contains("<Code>AccessDenied</Code>", body, StringComparison.Ordinal);
        }
    }
}
