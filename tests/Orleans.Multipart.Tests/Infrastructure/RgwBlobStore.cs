using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Multipart.Storage.Blobs;

namespace Orleans.Multipart.Tests.Infrastructure;

/// <summary>
/// The S3 blob store of the store-level RGW tests: on a bucket of the test RGW (<see cref="TestRgw"/>), reached
/// directly or through a proxy, with the RGW's credentials and an encryption key of its own; each test sets the
/// rest (thresholds, buffer memory, integrity, timeouts) in <c>configure</c>.
/// </summary>
internal static class RgwBlobStore
{
    public static S3BlobStore Create(string bucket, string? endpoint = null, Action<S3BlobStoreOptions>? configure = null, ILogger<S3BlobStore>? logger = null)
    {
        var options = new S3BlobStoreOptions
        {
            Endpoint = endpoint ?? TestRgw.Endpoint,
            Bucket = bucket,
            AccessKey = TestRgw.AccessKey,
            SecretKey = TestRgw.SecretKey,
            EncryptionKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        };
        configure?.Invoke(options);
        return new S3BlobStore(Options.Create(options), logger ?? NullLogger<S3BlobStore>.Instance);
    }

    /// <summary>A store on a new bucket of its own, so that the test sees only its own blobs.</summary>
    public static async Task<(S3BlobStore Store, string Bucket)> OnNewBucketAsync(Action<S3BlobStoreOptions>? configure = null)
    {
        var bucket = await TestRgw.CreateBucketAsync();
        return (Create(bucket, configure: configure), bucket);
    }
}
