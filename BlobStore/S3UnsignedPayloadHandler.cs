using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Util;

namespace Orleans.Multipart.Storage.Blobs;

/// <summary>
/// Signs a body that carries Content-MD5 with <c>UNSIGNED-PAYLOAD</c> instead of a SHA-256 of its bytes, over plain
/// HTTP too. The SDK allows unsigned payloads only over TLS (<c>DisablePayloadSigning</c>), so over HTTP it hashes
/// every body twice (its SHA-256 besides our MD5), or, when it cannot rewind the body, signs it chunk by chunk
/// (aws-chunked: a SHA-256 and an HMAC per piece on both ends). For a body with Content-MD5 that buys nothing:
/// the backend refuses bytes whose MD5 differs (400 BadDigest), which is the integrity check, and the headers,
/// Content-MD5 among them, stay signed. A body without Content-MD5 keeps the SDK's signing.
/// Placed right before the signer, so it applies to each attempt as it is signed.
/// </summary>
internal sealed class S3UnsignedPayloadHandler : PipelineHandler
{
    private const string UnsignedPayload = "UNSIGNED-PAYLOAD";

    public override void InvokeSync(IExecutionContext executionContext)
    {
        Apply(executionContext.RequestContext.Request);
        base.InvokeSync(executionContext);
    }

    public override Task<T> InvokeAsync<T>(IExecutionContext executionContext)
    {
        Apply(executionContext.RequestContext.Request);
        return base.InvokeAsync<T>(executionContext);
    }

    private static void Apply(IRequest request)
    {
        if (request.ContentStream is not null && request.Headers.ContainsKey(HeaderKeys.ContentMD5Header) && request.DisablePayloadSigning != true)
        {
            request.UseChunkEncoding = false;
            request.PrecomputedContentSha256 = UnsignedPayload;
        }
    }
}
