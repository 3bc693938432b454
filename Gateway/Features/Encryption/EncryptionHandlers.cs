using Orleans.Multipart.Storage;

namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>
/// Server-side encryption: the bucket's default (the customer-key rules every read and part must meet
/// are <see cref="CustomerKeyRule"/>).
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
}
