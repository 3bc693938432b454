namespace Orleans.Multipart.Gateway.QingStor;

/// <summary>
/// QingStor's PUT / GET / DELETE Bucket Policy (<c>/?policy</c>, <c>{"statement":[{"id","user","action","effect","resource","condition"}]}</c>):
/// stored as written in QingStor's format and evaluated as the S3 policy it translates to (<see cref="BucketPolicy.ParseQingStor"/>);
/// a policy written through the s3 dialect reads back in QingStor's format as far as it can say it.
/// </summary>
internal static class QingStorBucketPolicy
{
    /// <summary>The same ceiling as S3's 20 KB.</summary>
    private const int MaxPolicyBytes = 20 * 1024;

    public static async Task<Operation> ParseAsync(HttpContext context, string bucket, RequestDocumentLimits limits)
    {
        var method = context.Request.Method;
        return method switch
        {
            _ when HttpMethods.IsPut(method) => new PutBucketPolicy(bucket, BucketPolicy.ParseQingStor(await PolicyText.ReadAsync(context, limits with { MaxBytes = MaxPolicyBytes }), bucket)),
            _ when HttpMethods.IsGet(method) => new GetBucketPolicy(bucket),
            _ when HttpMethods.IsDelete(method) => new DeleteBucketPolicy(bucket),
            _ => throw new DialectException(MultipartError.MethodNotAllowed, "The method is not allowed on ?policy."),
        };
    }

    /// <summary>GET answers the statements; PUT 200 and DELETE 204 without a body.</summary>
    public static Task RenderAsync(HttpContext context, OperationResult result)
    {
        if (result is PolicyDescribed described)
        {
            return PolicyText.WriteAsync(context, described.Policy.ToQingStorDocument());
        }

        context.Response.StatusCode = result is Done { Operation: PutBucketPolicy } ? 200 : 204;
        context.Response.ContentLength = 0;
        return Task.CompletedTask;
    }
}
