namespace Orleans.Multipart.Gateway.Pipeline;

public sealed partial class OperationExecutor
{
    /// <summary>
    /// Checks a conditional write against the key as it is when the request begins — a failure is answered
    /// (412, or 404 for If-Match on no object) before a byte of the body is read — and marks the conditions as
    /// having held, so that the database's check inside the write's transaction, which stays the one that
    /// decides, answers 409 ConditionalRequestConflict when a concurrent write or delete committed in between.
    /// Unconditional writes cost no extra call.
    /// </summary>
    private async Task<WriteConditions> ConditionsAtStartAsync(string bucket, string key, WriteConditions conditions, bool refuseEarly = true)
    {
        if (conditions.IsEmpty)
        {
            return conditions;
        }

        var current = await frontend.Object(bucket, key).Get();
        try
        {
            conditions.Check(current?.ETag);
        }
        catch (MultipartException) when (!refuseEarly)
        {
            return conditions;
        }

        return conditions with { HeldAtStart = true };
    }

    private async Task<OperationResult> CompleteAsync(CompleteUpload complete)
    {
        // Not refused here: a retried Complete whose first try succeeded (the object its condition now fails on is
        // its own) must reach the upload grain, which answers the first result.
        var conditions = await ConditionsAtStartAsync(complete.Bucket, complete.Key, complete.Conditions, refuseEarly: false);

        // The grain call is not tied to the request: a client that gives up does not abandon a
        // Complete half-way (and a retry answers its result).
        var result = await frontend.Upload(complete.UploadId).Complete(complete.Bucket, complete.Key, complete.Parts, complete.Rules, conditions);
        return new UploadCompleted(complete, result);
    }
}
