using Orleans.Multipart.Gateway.S3;

namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>Who sent the request, as the dialect's authenticator established it; <paramref name="Signature"/> is S3's signing context (chunk signatures, payload hash).</summary>
public sealed record Caller(string AccessKey, SigV4Context? Signature = null)
{
    /// <summary>An unsigned request let through to a bucket that allows anonymous writes.</summary>
    public static readonly Caller Anonymous = new("anonymous");
}
