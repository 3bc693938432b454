namespace Orleans.Multipart.Gateway.Pipeline;

internal sealed partial class OperationExecutor
{
    internal async Task<OperationResult> GetObjectAttributesAsync(GetObjectAttributes attributes)
    {
        var grain = frontend.Object(attributes.Bucket, attributes.Key);
        var manifest = attributes.VersionId is { } versionId
            ? await NamedVersionAsync(attributes.Bucket, grain, versionId)
            : await grain.Get() ?? throw (await frontend.Bucket(attributes.Bucket).Describe() is null
                ? MultipartError.NoSuchBucket.Error()
                : MultipartError.NoSuchKey.Error());
        // An SSE-C object's attributes need its key, as its bytes do (S3: 400 without it).
        CustomerKeyRule.Read.Check(manifest.Settings, attributes.CustomerKey);
        return new ObjectAttributesRead(attributes, manifest);
    }
}
