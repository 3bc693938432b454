using System.Runtime.CompilerServices;
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
/// A body sent without Content-MD5 because its MD5 is the backend's ETag (<see cref="S3BlobStoreOptions.Md5FromBackend"/>)
/// is marked with <see cref="MarkUnsigned"/> and goes unsigned too.
/// Placed right before the signer, so it applies to each attempt as it is signed.
/// </summary>
internal sealed class S3UnsignedPayloadHandler : PipelineHandler
{
    private const string UnsignedPayload = "UNSIGNED-PAYLOAD";

    /// <summary>Requests sent as UNSIGNED-PAYLOAD without Content-MD5 (held weakly: an entry goes with its request).</summary>
    private static readonly ConditionalWeakTable<AmazonWebServiceRequest, object> Unsigned = new();

    /// <summary>Sends <paramref name="request"/>'s body as UNSIGNED-PAYLOAD although it carries no Content-MD5.</summary>
    public static T MarkUnsigned<T>(T request)
        where T : AmazonWebServiceRequest
    {
        Unsigned.AddOrUpdate(request, Unsigned);
        return request;
    }

    public override void InvokeSync(IExecutionContext executionContext)
    {
        Apply(executionContext.RequestContext);
        base.InvokeSync(executionContext);
    }

    public override Task<T> InvokeAsync<T>(IExecutionContext executionContext)
    {
        Apply(executionContext.RequestContext);
        return base.InvokeAsync<T>(executionContext);
    }

    private static void Apply(IRequestContext context)
    {
        var request = context.Request;
        var unsigned = request.Headers.ContainsKey(HeaderKeys.ContentMD5Header) || Unsigned.TryGetValue(context.OriginalRequest, out _);
        if (request.ContentStream is not null && unsigned && request.DisablePayloadSigning != true)
        {
            request.UseChunkEncoding = false;
            request.PrecomputedContentSha256 = UnsignedPayload;
        }
    }
}
