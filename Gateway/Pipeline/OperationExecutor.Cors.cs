namespace Orleans.Multipart.Gateway.Pipeline;

public sealed partial class OperationExecutor
{
    private async Task<OperationResult> ExecuteCorsAsync(CorsOperation operation)
    {
        var bucket = frontend.Bucket(operation.Bucket);
        switch (operation)
        {
            case PutBucketCors put:
                await bucket.SetCors(put.Configuration);
                return new Done(put);
            case DeleteBucketCors delete:
                await bucket.DeleteCors();
                return new Done(delete);
            case GetBucketCors get:
                // The rules come from grain state without a database read: ask whether the bucket exists first.
                await ExistingBucketAsync(get.Bucket);
                return new CorsDescribed(get, await bucket.GetCors());
            default:
                throw Errors.NotServed(operation.Name);
        }
    }
}
