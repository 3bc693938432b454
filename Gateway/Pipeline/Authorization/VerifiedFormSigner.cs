namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>
/// The verified signer of a request whose signature is read with its operation (S3's POST Object form: the
/// policy and its signature are form fields), handed by the dialect's parser to the pipeline as a request
/// feature; the pipeline authorizes the operation for it and makes the grain calls act for it.
/// </summary>
internal sealed class VerifiedFormSigner(Caller signer)
{
    public Caller Signer { get; } = signer;

    /// <summary>Records <paramref name="signer"/> as the request's caller.</summary>
    public static void Set(HttpContext context, Caller signer) => context.Features.Set(new VerifiedFormSigner(signer));

    /// <summary>The signer a parser recorded, or null (a feature lookup: no allocation on requests without one).</summary>
    public static Caller? Of(HttpContext context) => context.Features.Get<VerifiedFormSigner>()?.Signer;
}
