using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Orleans.Multipart.Gateway.Core;

namespace Orleans.Multipart.Gateway.S3;

public sealed partial class S3Dialect
{
    /// <summary>
    /// Stores the request body as a durable blob, checking everything the client signed or declared
    /// about it: the SHA-256 payload hash, aws-chunked chunk signatures, Content-MD5 and any
    /// x-amz-checksum-* (header or trailer). The size limit is checked before a byte is read.
    /// </summary>
    private async Task<(PendingBlob Blob, BodyChecksum? Checksum)> ReceiveBodyAsync(HttpContext context, SigV4Context auth, long maxLength)
    {
        var request = context.Request;
        var contentMd5 = ParseContentMd5(request.Headers["Content-MD5"].ToString());
        Stream body = request.Body;
        long? expected;
        BodyChecksum? checksum = null;
        AwsChunkedStream? chunked = null;
        if (auth.Payload is PayloadMode.StreamingSigned or PayloadMode.StreamingSignedTrailer or PayloadMode.StreamingUnsignedTrailer)
        {
            if (!long.TryParse(request.Headers["x-amz-decoded-content-length"].ToString(), out var decoded) || decoded < 0)
            {
                throw new DialectException(WireError.MissingContentLength, "You must provide the x-amz-decoded-content-length HTTP header with aws-chunked bodies.");
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
            expected = request.ContentLength ?? throw new DialectException(WireError.MissingContentLength, "You must provide the Content-Length HTTP header.");
            var header = request.Headers.Keys.FirstOrDefault(h => h.StartsWith("x-amz-checksum-", StringComparison.OrdinalIgnoreCase) && !h.Equals("x-amz-checksum-type", StringComparison.OrdinalIgnoreCase));
            if (header is not null)
            {
                checksum = BodyChecksum.ForHeader(header) ?? throw S3Errors.InvalidRequest($"Unsupported checksum header {header}.");
                body = new ChecksummingStream(body, checksum);
            }
        }

        if (expected > maxLength)
        {
            throw new DialectException(WireError.EntityTooLarge, "Your proposed upload exceeds the maximum allowed size.");
        }

        using var sha256 = auth.Payload == PayloadMode.Sha256 ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
        var pending = await frontend.StoreAsync(body, expected, maxLength, contentMd5, sha256 is null ? null : [sha256], context.RequestAborted);
        try
        {
            if (sha256 is not null && Convert.ToHexStringLower(sha256.GetHashAndReset()) != auth.PayloadSha256)
            {
                throw new DialectException(WireError.ContentSha256Mismatch, "The provided 'x-amz-content-sha256' header does not match what was computed.");
            }

            if (checksum is not null && chunked is null)
            {
                var header = request.Headers[checksum.HeaderName].ToString();
                if (header != checksum.ToBase64())
                {
                    throw new DialectException(WireError.BadDigest, $"The {checksum.HeaderName["x-amz-checksum-".Length..].ToUpperInvariant()} you specified did not match the calculated checksum.");
                }
            }
        }
        catch
        {
            pending.Dispose(); // the caller owns it only once it is returned
            throw;
        }

        return (pending, checksum);
    }

    private static byte[]? ParseContentMd5(string header)
    {
        if (header.Length == 0)
        {
            return null;
        }

        var bytes = new byte[16];
        return Convert.TryFromBase64String(header, bytes, out var written) && written == 16
            ? bytes
            : throw new DialectException(WireError.InvalidDigest, "The Content-MD5 you specified is not valid.");
    }

    private static WriteConditions ReadConditions(HttpRequest request)
    {
        var ifNoneMatch = request.Headers.IfNoneMatch.ToString();
        var ifMatch = request.Headers.IfMatch.ToString();
        if (ifNoneMatch.Length > 0 && ifNoneMatch != "*")
        {
            throw S3Errors.NotImplemented("If-None-Match with a value other than *");
        }

        return new WriteConditions(ifMatch.Length > 0 ? ifMatch : null, ifNoneMatch == "*");
    }

    private static ObjectSettings ReadSettings(HttpRequest request)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var metadataBytes = 0;
        foreach (var (name, value) in request.Headers)
        {
            if (name.StartsWith("x-amz-meta-", StringComparison.OrdinalIgnoreCase))
            {
                var key = name["x-amz-meta-".Length..].ToLowerInvariant();
                metadata[key] = value.ToString();
                metadataBytes += key.Length + value.ToString().Length;
            }
        }

        if (metadataBytes > 2048)
        {
            throw new DialectException(WireError.MetadataTooLarge, "Your metadata headers exceed the maximum allowed metadata size (2 KB).");
        }

        var storageClass = request.Headers["x-amz-storage-class"].ToString();
        if (storageClass.Length > 0 && storageClass is not ("STANDARD" or "REDUCED_REDUNDANCY" or "STANDARD_IA" or "ONEZONE_IA" or "INTELLIGENT_TIERING" or "GLACIER" or "DEEP_ARCHIVE" or "GLACIER_IR"))
        {
            throw new DialectException(WireError.InvalidStorageClass, "The storage class you specified is not valid");
        }

        return new ObjectSettings
        {
            ContentType = NullIfEmpty(request.ContentType),
            CacheControl = NullIfEmpty(request.Headers.CacheControl.ToString()),
            ContentDisposition = NullIfEmpty(request.Headers.ContentDisposition.ToString()),
            ContentEncoding = NullIfEmpty(WithoutAwsChunked(request.Headers.ContentEncoding.ToString())),
            ContentLanguage = NullIfEmpty(request.Headers.ContentLanguage.ToString()),
            Expires = NullIfEmpty(request.Headers.Expires.ToString()),
            StorageClass = NullIfEmpty(storageClass),
            Metadata = metadata,
        };
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>The Content-Encoding the client gave, as it wrote it, without the aws-chunked transfer coding.</summary>
    private static string WithoutAwsChunked(string contentEncoding) =>
        string.Join(',', contentEncoding.Split(',').Where(coding => !coding.Trim().Equals("aws-chunked", StringComparison.OrdinalIgnoreCase))).Trim();
}
