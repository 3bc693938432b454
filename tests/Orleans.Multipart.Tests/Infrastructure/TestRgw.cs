using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Orleans.Multipart.Tests.Infrastructure;

/// <summary>
/// The Ceph RGW started by <c>test.sh</c> through <c>scripts/rgw.sh</c> (OMP_TEST_RGW_ENDPOINT, _ACCESS_KEY,
/// _SECRET_KEY, and OMP_TEST_RGW_DIR, its work directory, for the outage test). Each caller gets its own
/// bucket, so tests never see each other's blobs.
/// </summary>
public static class TestRgw
{
    public static string Endpoint => Required("OMP_TEST_RGW_ENDPOINT");

    public static string AccessKey => Required("OMP_TEST_RGW_ACCESS_KEY");

    public static string SecretKey => Required("OMP_TEST_RGW_SECRET_KEY");

    /// <summary>A client straight to the RGW, to look at what the service stored there.</summary>
    public static AmazonS3Client CreateClient() => new(new BasicAWSCredentials(AccessKey, SecretKey), new AmazonS3Config
    {
        ServiceURL = Endpoint,
        ForcePathStyle = true,
        AuthenticationRegion = "us-east-1",
        Timeout = TimeSpan.FromMinutes(2),
        RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
        ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
    });

    public static async Task<string> CreateBucketAsync()
    {
        var name = "omp-" + Guid.NewGuid().ToString("N")[..16];
        using var client = CreateClient();
        await client.PutBucketAsync(new PutBucketRequest { BucketName = name });
        return name;
    }

    /// <summary>The service's settings for the S3 blob backend on <paramref name="bucket"/>.</summary>
    public static Dictionary<string, string> Settings(string bucket, string prefix = "blobs/") => new()
    {
        ["Storage:Blobs:Provider"] = "S3",
        ["Storage:Blobs:S3:Endpoint"] = Endpoint,
        ["Storage:Blobs:S3:Bucket"] = bucket,
        ["Storage:Blobs:S3:Prefix"] = prefix,
        ["Storage:Blobs:S3:AccessKey"] = AccessKey,
        ["Storage:Blobs:S3:SecretKey"] = SecretKey,
        ["Storage:Blobs:S3:EncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["Storage:Blobs:S3:RequestTimeout"] = "00:00:10",
        ["Storage:Blobs:S3:MaxRetries"] = "2",
    };

    /// <summary>Every object key under <paramref name="prefix"/> in the backend bucket.</summary>
    public static async Task<List<S3Object>> ListAsync(string bucket, string prefix = "")
    {
        using var client = CreateClient();
        var all = new List<S3Object>();
        string? token = null;
        do
        {
            var page = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = prefix, ContinuationToken = token });
            all.AddRange(page.S3Objects ?? []);
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (token is not null);
        return all;
    }

    public static async Task<byte[]> ReadRawAsync(string bucket, string key)
    {
        using var client = CreateClient();
        using var response = await client.GetObjectAsync(bucket, key);
        using var buffer = new MemoryStream();
        await response.ResponseStream.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    /// <summary>Stops radosgw alone (the mon and the OSD keep running): the backend is down for the service.</summary>
    public static Task StopGatewayAsync() => RunScriptAsync("gateway-stop");

    /// <summary>Starts radosgw again on the same cluster; returns once it answers.</summary>
    public static Task StartGatewayAsync() => RunScriptAsync("gateway-start");

    private static async Task RunScriptAsync(string command)
    {
        var result = await ExternalClient.RunAsync("bash", [Path.Combine(ProcessCluster.RepositoryRoot, "scripts", "rgw.sh"), command, Required("OMP_TEST_RGW_DIR")]);
        Assert.True(result.ExitCode == 0, $"rgw.sh {command} failed: {result}");
    }

    private static string Required(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set: run the tests with ./test.sh, which starts Ceph RGW (scripts/rgw.sh).");
}
