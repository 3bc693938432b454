namespace Orleans.Multipart.Gateway.Pipeline;

public sealed partial class OperationExecutor
{
    internal async Task<OperationResult> GetObjectAttributesAsync(GetObjectAttributes attributes)
    {
        var manifest = await frontend.Object(attributes.Bucket, attributes.Key).Get()
            ?? throw (await frontend.Bucket(attributes.Bucket).Describe() is null
                ? new DialectException(WireError.NoSuchBucket, "The specified bucket does not exist")
                : new DialectException(WireError.NoSuchKey, "The specified key does not exist."));
        // An SSE-C object's attributes need its key, as its bytes do (S3: 400 without it).
        CheckReadKey(manifest.Settings, attributes.CustomerKey);
        return new ObjectAttributesRead(attributes, manifest);
    }
}
