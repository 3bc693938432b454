using Orleans.Multipart.Storage;

namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>
/// How a dialect's request body becomes a durable blob: parsed with the operation, read only when the
/// executor is ready for it (after the upload is known open, within the operation's size limit).
/// </summary>
internal abstract class RequestBody
{
    /// <summary>
    /// Stores the body, encrypted with the service's key (<paramref name="encrypt"/>) or a customer's
    /// (<paramref name="customerKey"/>, SSE-C); the caller owns the returned blob. A part of an upload that
    /// declared <paramref name="uploadChecksum"/> must carry that algorithm's checksum where the dialect has
    /// flexible checksums (S3). Throws DialectException, BadDigestException, BlobTooLargeException, IncompleteBodyException.
    /// </summary>
    public abstract Task<ReceivedBody> StoreAsync(HttpContext context, ObjectFrontend frontend, long maxLength, bool encrypt, CustomerKey? customerKey = null, FlexibleChecksumAlgorithm? uploadChecksum = null);
}

/// <summary>A stored body, pending until committed; <paramref name="Checksum"/> the one the client asked for, if any.</summary>
internal sealed record ReceivedBody(PendingBlob Blob, BodyChecksum? Checksum) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Blob.DisposeAsync();
}

/// <summary>The vendor dialects' body: Content-Length required, Content-MD5 checked when sent.</summary>
internal sealed class PlainBody : RequestBody
{
    public static readonly PlainBody Instance = new();

    public override async Task<ReceivedBody> StoreAsync(HttpContext context, ObjectFrontend frontend, long maxLength, bool encrypt, CustomerKey? customerKey = null, FlexibleChecksumAlgorithm? uploadChecksum = null)
    {
        var request = context.Request;
        var length = request.ContentLength ?? throw MultipartError.MissingContentLength.Error();
        if (length > maxLength)
        {
            throw MultipartError.EntityTooLarge.Error();
        }

        var md5 = ContentMd5(request.Headers["Content-MD5"].ToString());
        return new ReceivedBody(await frontend.StoreAsync(request.Body, length, maxLength, md5, null, context.RequestAborted, encrypt, customerKey), null);
    }

    /// <summary>The Content-MD5 header's 16 bytes, null when absent; InvalidDigest when it is not 16 bytes of base64.</summary>
    public static byte[]? ContentMd5(string header)
    {
        if (header.Length == 0)
        {
            return null;
        }

        var bytes = new byte[16];
        return Convert.TryFromBase64String(header, bytes, out var written) && written == 16
            ? bytes
            : throw MultipartError.InvalidDigest.Error();
    }
}
