using System.Security.Cryptography;
using Orleans.Multipart.Storage;

namespace Orleans.Multipart.Gateway.S3;

/// <summary>
/// An S3 request body, checked for everything the client signed or declared about it: the SHA-256
/// payload hash, aws-chunked chunk signatures, Content-MD5 and any x-amz-checksum-* (header or
/// trailer). The size limit is checked before a byte is read.
/// </summary>
/// <remarks>
/// <paramref name="lengthMayBeUnknown"/>: a PutObject body may come with <c>Transfer-Encoding: chunked</c> and no
/// Content-Length, as S3 accepts it; the store then bounds it by the size limit while it streams. A part still
/// needs its Content-Length (411 MissingContentLength).
/// </remarks>
internal sealed class S3Body(SigV4Context auth, bool lengthMayBeUnknown = false) : RequestBody
{
    /// <summary>
    /// A part of an upload that declared <paramref name="uploadChecksum"/> must carry that checksum (header
    /// or trailer): AWS refuses a part without it, or with another, with InvalidRequest before reading it.
    /// Without one sent, <c>x-amz-sdk-checksum-algorithm</c> names a checksum to compute and store.
    /// </summary>
    public override async Task<ReceivedBody> StoreAsync(HttpContext context, ObjectFrontend frontend, long maxLength, bool encrypt, CustomerKey? customerKey = null, FlexibleChecksumAlgorithm? uploadChecksum = null)
    {
        var request = context.Request;
        var contentMd5 = PlainBody.ContentMd5(request.Headers["Content-MD5"].ToString());
        Stream body = request.Body;
        long? expected;
        BodyChecksum? checksum = null;
        AwsChunkedStream? chunked = null;
        if (auth.Payload is PayloadMode.StreamingSigned or PayloadMode.StreamingSignedTrailer or PayloadMode.StreamingUnsignedTrailer)
        {
            if (!long.TryParse(request.Headers["x-amz-decoded-content-length"].ToString(), out var decoded) || decoded < 0)
            {
                throw new DialectException(MultipartError.MissingContentLength, "You must provide the x-amz-decoded-content-length HTTP header with aws-chunked bodies.");
            }

            expected = decoded;
            var trailer = request.Headers["x-amz-trailer"].ToString();
            if (trailer.Length > 0)
            {
                checksum = BodyChecksum.ForHeader(trailer.Trim()) ?? throw S3Errors.InvalidRequest($"The value specified in the x-amz-trailer header is not supported: {trailer}");
            }

            body = chunked = new AwsChunkedStream(
                body,
                auth.Payload is PayloadMode.StreamingUnsignedTrailer ? null : auth,
                auth.Payload == PayloadMode.StreamingSignedTrailer,
                checksum);
        }
        else
        {
            expected = request.ContentLength
                ?? (lengthMayBeUnknown && IsChunked(request) ? null : throw MultipartError.MissingContentLength.Error());
            var header = request.Headers.Keys.FirstOrDefault(h => h.StartsWith("x-amz-checksum-", StringComparison.OrdinalIgnoreCase) && !h.ToLowerInvariant().EndsWith("-type") && !h.ToLowerInvariant().EndsWith("-algorithm") && !h.ToLowerInvariant().EndsWith("-mode"));
            if (header is not null)
            {
                checksum = BodyChecksum.ForHeader(header) ?? throw S3Errors.InvalidRequest($"Unsupported checksum header {header}.");
                body = new ChecksummingStream(body, checksum);
            }
        }

        if (uploadChecksum is { } declared && checksum?.Algorithm != declared)
        {
            var actual = checksum is null ? "null" : BodyChecksum.NameOf(checksum.Algorithm).ToLowerInvariant();
            throw S3Errors.InvalidRequest($"Checksum Type mismatch occurred, expected checksum Type: {BodyChecksum.NameOf(declared).ToLowerInvariant()}, actual checksum Type: {actual}");
        }

        var computedOnly = false;
        if (checksum is null && BodyChecksum.AlgorithmOf(request.Headers["x-amz-sdk-checksum-algorithm"].ToString()) is { } asked)
        {
            checksum = BodyChecksum.For(asked);
            body = new ChecksummingStream(body, checksum);
            computedOnly = true;
        }

        if (expected > maxLength)
        {
            throw MultipartError.EntityTooLarge.Error();
        }

        using var sha256 = auth.Payload == PayloadMode.Sha256 ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
        var pending = await frontend.StoreAsync(body, expected, maxLength, contentMd5, sha256 is null ? null : [sha256], context.RequestAborted, encrypt, customerKey);
        try
        {
            if (sha256 is not null && Convert.ToHexStringLower(sha256.GetHashAndReset()) != auth.PayloadSha256)
            {
                throw MultipartError.ContentSha256Mismatch.Error();
            }

            if (checksum is not null && chunked is null && !computedOnly && request.Headers[checksum.HeaderName].ToString() != checksum.ToBase64())
            {
                throw Errors.ChecksumMismatch(checksum.HeaderName["x-amz-checksum-".Length..].ToUpperInvariant());
            }
        }
        catch
        {
            await pending.DisposeAsync(); // the caller owns it only once it is returned
            throw;
        }

        return new ReceivedBody(pending, checksum);
    }

    private static bool IsChunked(HttpRequest request) =>
        request.Headers.TransferEncoding.ToString().Contains("chunked", StringComparison.OrdinalIgnoreCase);
}
