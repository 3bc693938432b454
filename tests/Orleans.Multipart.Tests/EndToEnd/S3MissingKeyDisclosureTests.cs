using System.Net;
using Amazon.S3.Model;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// S3 tells a caller that a key does not exist (404) only when the caller may list the bucket, else 403. A policy that
/// lets everyone list only under <c>public/</c> (<c>s3:prefix</c> StringLike <c>public/*</c>) reveals the absence of keys
/// under that prefix, as listing it would, and of no other: account B's GET and HEAD of account A's missing keys.
/// </summary>
public sealed class S3MissingKeyDisclosureTests(SqliteServiceFixture fixture) : S3TestBase(fixture), IClassFixture<SqliteServiceFixture>
{
    [Theory]
    [InlineData("HEAD", "public/missing", HttpStatusCode.NotFound)]
    [InlineData("GET", "public/missing", HttpStatusCode.NotFound)]
    [InlineData("HEAD", "private/missing", HttpStatusCode.Forbidden)]
    [InlineData("GET", "private/missing", HttpStatusCode.Forbidden)]
    [InlineData("GET", "publicity", HttpStatusCode.Forbidden)]
    public async Task AMissingKeyIsNotFoundWhereThePolicyLetsTheCallerListIt(string method, string key, HttpStatusCode expected)
    {
        var (a, b) = await TestAccounts.CreateAsync(Host);
        using var owner = Host.CreateS3Client(a.SecretKey, a.AccessKey);
        var bucket = "prefix-" + Guid.NewGuid().ToString("N")[..12];
        await owner.PutBucketAsync(new PutBucketRequest { BucketName = bucket });
        await owner.PutBucketPolicyAsync(new PutBucketPolicyRequest
        {
            BucketName = bucket,
            Policy = """{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"s3:ListBucket","Resource":"arn:aws:s3:::BUCKET","Condition":{"StringLike":{"s3:prefix":"public/*"}}}]}"""
                .Replace("BUCKET", bucket, StringComparison.Ordinal),
        });

        var response = await TestSigV4Signer.SendAsync(Http, new HttpMethod(method), $"/{bucket}/{key}", secretKey: b.SecretKey, accessKey: b.AccessKey);
        Assert.Equal(expected, response.StatusCode);
        if (method == "GET")
        {
            Assert.Contains(expected == HttpStatusCode.NotFound ? "<Code>NoSuchKey</Code>" : "<Code>AccessDenied</Code>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }
}
