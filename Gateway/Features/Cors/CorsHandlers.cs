namespace Orleans.Multipart.Gateway.Pipeline;

internal sealed partial class OperationExecutor
{
    internal async Task<OperationResult> GetBucketCorsAsync(GetBucketCors get)
    {
        // The rules come from grain state without a database read: ask whether the bucket exists first.
        await ExistingBucketAsync(get.Bucket);
        return new CorsDescribed(get, await frontend.Bucket(get.Bucket).GetCors());
    }
}
