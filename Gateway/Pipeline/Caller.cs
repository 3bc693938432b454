namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>
/// Who sent the request, as the dialect's authenticator established it: the access key the request was
/// signed with and the principal (account) it proves. A dialect may derive its own with what its binders
/// need (S3's signing context).
/// </summary>
internal record Caller(string AccessKey, Principal Principal)
{
    /// <summary>An unsigned request: it may do only what a bucket grants to everyone.</summary>
    public static readonly Caller Anonymous = new("anonymous", Principal.Anonymous);
}
