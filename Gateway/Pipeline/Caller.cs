namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>Who sent the request, as the dialect's authenticator established it (a dialect may derive its own with what its binders need: S3's signing context).</summary>
internal record Caller(string AccessKey)
{
    /// <summary>An unsigned request let through to a bucket that allows anonymous writes.</summary>
    public static readonly Caller Anonymous = new("anonymous");
}
