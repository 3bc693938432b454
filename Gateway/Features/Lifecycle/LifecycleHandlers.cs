namespace Orleans.Multipart.Gateway.Pipeline;

internal sealed partial class OperationExecutor
{
    internal async Task<OperationResult> PutBucketLifecycleAsync(PutBucketLifecycle put)
    {
        await frontend.Bucket(put.Bucket).SetLifecycle(put.Configuration);
        frontend.LifecycleRules.Forget(put.Bucket);
        return new Done(put);
    }

    internal async Task<OperationResult> GetBucketLifecycleAsync(GetBucketLifecycle get)
    {
        // The rules come from grain state without a database read: ask whether the bucket exists first.
        await ExistingBucketAsync(get.Bucket);
        return new LifecycleDescribed(get, await frontend.Bucket(get.Bucket).GetLifecycle());
    }

    internal async Task<OperationResult> DeleteBucketLifecycleAsync(DeleteBucketLifecycle delete)
    {
        await frontend.Bucket(delete.Bucket).DeleteLifecycle();
        frontend.LifecycleRules.Forget(delete.Bucket);
        return new Done(delete);
    }
}
