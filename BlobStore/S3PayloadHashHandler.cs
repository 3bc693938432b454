using System.Runtime.CompilerServices;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Util;

namespace Orleans.Multipart.Storage.Blobs;

/// <summary>
/// Puts the payload hash the store chose into a request's SigV4 signature (<c>x-amz-content-sha256</c>), so the SDK
/// reads no body to hash it. Over plain HTTP the SDK allows no <c>UNSIGNED-PAYLOAD</c> (<c>DisablePayloadSigning</c>
/// is for TLS): it hashes every body itself, once more besides the store's own pass, or, when it cannot rewind the
/// body, signs it chunk by chunk (aws-chunked: a SHA-256 and an HMAC per piece on both ends).
/// <list type="bullet">
/// <item>A body with Content-MD5 goes as <c>UNSIGNED-PAYLOAD</c>: the backend refuses bytes whose MD5 differs (400
/// BadDigest), which is the integrity check, and the headers, Content-MD5 among them, stay signed.</item>
/// <item>A body the store hashed with SHA-256 as it read it (<see cref="SignPayload"/>) is signed with that hash: the
/// backend refuses bytes whose SHA-256 differs (400 XAmzContentSHA256Mismatch), computed once, in large blocks.</item>
/// </list>
/// Any other body keeps the SDK's signing. Placed right before the signer, so it applies to each attempt as it is signed.
/// </summary>
internal sealed class S3PayloadHashHandler : PipelineHandler
{
    private const string UnsignedPayload = "UNSIGNED-PAYLOAD";

    /// <summary>The payload hashes given by <see cref="SignPayload"/> (held weakly: an entry goes with its request).</summary>
    private static readonly ConditionalWeakTable<AmazonWebServiceRequest, string> PayloadHashes = new();

    /// <summary>Signs <paramref name="request"/>'s body with <paramref name="sha256"/>, the SHA-256 of exactly the bytes it sends.</summary>
    public static T SignPayload<T>(T request, ReadOnlySpan<byte> sha256)
        where T : AmazonWebServiceRequest
    {
        PayloadHashes.AddOrUpdate(request, Convert.ToHexStringLower(sha256));
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
        if (request.ContentStream is null || request.DisablePayloadSigning == true)
        {
            return;
        }

        var hash = PayloadHashes.TryGetValue(context.OriginalRequest, out var sha256) ? sha256
            : request.Headers.ContainsKey(HeaderKeys.ContentMD5Header) ? UnsignedPayload
            : null;
        if (hash is not null)
        {
            request.UseChunkEncoding = false;
            request.PrecomputedContentSha256 = hash;
        }
    }
}
