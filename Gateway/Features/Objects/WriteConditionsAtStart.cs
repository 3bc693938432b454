namespace Orleans.Multipart.Gateway.Pipeline;

internal sealed partial class OperationExecutor
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
}
