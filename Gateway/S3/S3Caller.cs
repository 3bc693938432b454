namespace Orleans.Multipart.Gateway.S3;

/// <summary>A caller whose SigV4 (or V2) signature was verified: <paramref name="Signature"/> is what the body's chunk signatures and payload hash are checked against.</summary>
internal sealed record S3Caller(string AccessKey, Principal Principal, SigV4Context Signature) : Caller(AccessKey, Principal)
{
    /// <summary>The signing context of <paramref name="caller"/>; null for one the s3 dialect did not sign (a test's, the anonymous caller).</summary>
    public static SigV4Context? SignatureOf(Caller caller) => (caller as S3Caller)?.Signature;
}
