using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>PutObject and UploadPart answer x-amz-checksum-* with the checksum of the bytes received.</summary>
public sealed class ChecksumEchoTests(SqliteServiceFixture fixture) : S3TestBase(fixture), IClassFixture<SqliteServiceFixture>
{
    private static readonly byte[] Body = "checksummed body"u8.ToArray();

    public static TheoryData<string, bool> Cases()
    {
        var data = new TheoryData<string, bool>();
        foreach (var algorithm in new[] { "sha256", "sha1" })
        {
            data.Add(algorithm, false);
            data.Add(algorithm, true);
        }

        return data;
    }

    private static string Expected(string algorithm) => Convert.ToBase64String(algorithm switch
    {
        "sha256" => SHA256.HashData(Body),
        _ => SHA1.HashData(Body),
    });

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task HeaderChecksumIsEchoedAsTheBodysChecksum(string algorithm, bool part)
    {
        var bucket = await NewBucketAsync();
        var path = part ? $"/{bucket}/k?partNumber=1&uploadId={await InitiateAsync(bucket, "k")}" : $"/{bucket}/k";
        var header = "x-amz-checksum-" + algorithm;
        var response = await TestSigV4Signer.SendAsync(Http, HttpMethod.Put, path, Body, customize: r => r.Headers.Add(header, Expected(algorithm)));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Expected(algorithm), response.Headers.GetValues(header).Single());
    }

    [Theory]
    [InlineData("sha256")]
    [InlineData("sha1")]
    public async Task SdkChecksumIsEchoedAsTheBodysChecksum(string algorithm)
    {
        var bucket = await NewBucketAsync();
        var response = await S3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = "sdk",
            InputStream = new MemoryStream(Body),
            ChecksumAlgorithm = algorithm == "sha256" ? ChecksumAlgorithm.SHA256 : ChecksumAlgorithm.SHA1,
        });
        Assert.Equal(Expected(algorithm), algorithm == "sha256" ? response.ChecksumSHA256 : response.ChecksumSHA1);
    }
}
