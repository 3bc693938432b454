using Orleans.Multipart.Storage;

namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>
/// Server-side encryption: the bucket's default, and the customer-key (SSE-C) rules every read and part
/// must meet. The key is checked against the MD5 the object or upload recorded; it is never stored.
/// </summary>
internal sealed partial class OperationExecutor
{
    internal async Task<OperationResult> GetBucketEncryptionAsync(GetBucketEncryption get) =>
        new BucketEncryptionRead(get, await frontend.Bucket(get.Bucket).GetDefaultEncryption()
            ?? throw MultipartError.NoSuchEncryptionConfiguration.Error());

    /// <summary>
    /// The settings a write stores: encrypted as the request asked (service key or customer key), else as
    /// the bucket's default says. Served from the bucket grain's memory: one local grain call, no database read.
    /// </summary>
    private async Task<ObjectSettings> WithBucketDefaultAsync(string bucket, ObjectSettings settings, CustomerKey? customerKey)
    {
        if (settings.Encrypted || settings.CustomerKeyMd5 is not null || customerKey is not null)
        {
            return settings;
        }

        return await frontend.Bucket(bucket).DefaultEncryptionForWrites() is { Algorithm: DefaultEncryption.Aes256 }
            ? settings with { Encrypted = true }
            : settings;
    }

    /// <summary>A part of a customer-keyed upload must come with the upload's key; a part of any other upload with none.</summary>
    private static void CheckPartKey(ObjectSettings upload, CustomerKey? key)
    {
        if (upload.CustomerKeyMd5 is null)
        {
            if (key is not null)
            {
                throw new DialectException(MultipartError.InvalidRequest, "The multipart upload initiate requested no customer-provided encryption key; the encryption parameters are not applicable to this part.");
            }

            return;
        }

        if (key is null)
        {
            throw new DialectException(MultipartError.InvalidRequest, "The multipart upload initiate requested encryption. Subsequent part requests must include the appropriate encryption parameters.");
        }

        if (!key.Matches(upload.CustomerKeyMd5))
        {
            throw new DialectException(MultipartError.InvalidArgument, "The provided encryption parameters did not match the ones used originally.");
        }
    }

    /// <summary>S3's SSE-C read rules: no key for a customer-keyed object is 400 InvalidRequest, another key 403 AccessDenied, a key for any other object 400.</summary>
    private static void CheckReadKey(ObjectSettings settings, CustomerKey? key)
    {
        if (settings.CustomerKeyMd5 is null)
        {
            if (key is not null)
            {
                throw new DialectException(MultipartError.InvalidRequest, "The encryption parameters are not applicable to this object.");
            }

            return;
        }

        if (key is null)
        {
            throw Errors.CustomerKeyRequired();
        }

        if (!key.Matches(settings.CustomerKeyMd5))
        {
            throw Errors.CustomerKeyMismatch();
        }
    }
}
