using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Orleans.Multipart.Gateway.S3;

/// <summary>How the body of a SigV4 request is authenticated.</summary>
internal enum PayloadMode
{
    /// <summary><c>UNSIGNED-PAYLOAD</c> (and presigned URLs).</summary>
    Unsigned,

    /// <summary>A hex SHA-256 in <c>x-amz-content-sha256</c>: the body must hash to it.</summary>
    Sha256,

    /// <summary><c>STREAMING-AWS4-HMAC-SHA256-PAYLOAD</c>: aws-chunked with a signature per chunk.</summary>
    StreamingSigned,

    /// <summary><c>STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER</c>: signed chunks and a signed trailer.</summary>
    StreamingSignedTrailer,

    /// <summary><c>STREAMING-UNSIGNED-PAYLOAD-TRAILER</c>: aws-chunked, unsigned, checksum in the trailer.</summary>
    StreamingUnsignedTrailer,
}

/// <summary>A verified request: who signed it and what the body must satisfy.</summary>
internal sealed record SigV4Context(string AccessKey, byte[] SigningKey, string AmzDate, string Scope, string Signature, PayloadMode Payload, string? PayloadSha256);

/// <summary>
/// AWS Signature Version 4 as S3 applies it: the Authorization header or presigned query, the canonical
/// request rebuilt from the raw request (path not double-encoded), constant-time comparison, and a
/// clock-skew window.
/// </summary>
internal sealed class SigV4Verifier(ICredentialStore credentials, TimeProvider time, IOptions<GatewayOptions> options)
{
    /// <summary>The longest a SigV4 presigned URL may live: a week.</summary>
    private const long MaxPresignedSeconds = 604800;

    public const string Algorithm = "AWS4-HMAC-SHA256";
    public const string EmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private readonly SigningKeyCache _signingKeys = new();

    public SigV4Context Verify(HttpRequest request, RequestTarget target)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.Length > 0)
        {
            return VerifyHeader(request, target, authorization);
        }

        if (target.Get("X-Amz-Algorithm") is not null)
        {
            return VerifyPresigned(request, target);
        }

        throw S3Errors.AccessDenied("Anonymous access is not allowed; sign the request with AWS Signature Version 4 (or Version 2).");
    }

    private SigV4Context VerifyHeader(HttpRequest request, RequestTarget target, string authorization)
    {
        if (!authorization.StartsWith(Algorithm + " ", StringComparison.Ordinal))
        {
            throw new DialectException(MultipartError.InvalidArgument, "Unsupported Authorization Type; use AWS4-HMAC-SHA256.");
        }

        string? credential = null, signedHeaders = null, signature = null;
        foreach (var part in authorization[Algorithm.Length..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=');
            if (eq < 0)
            {
                continue;
            }

            var value = part[(eq + 1)..];
            switch (part[..eq])
            {
                case "Credential": credential = value; break;
                case "SignedHeaders": signedHeaders = value; break;
                case "Signature": signature = value; break;
            }
        }

        if (credential is null || signedHeaders is null || signature is null)
        {
            throw Errors.MalformedAuthorization("it must contain Credential, SignedHeaders and Signature.");
        }

        var amzDate = request.Headers["x-amz-date"].ToString();
        DateTimeOffset when;
        if (amzDate.Length > 0)
        {
            when = ParseAmzDate(amzDate);
        }
        else if (DateTimeOffset.TryParseExact(request.Headers.Date.ToString(), "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out when))
        {
            amzDate = when.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        }
        else
        {
            throw S3Errors.AccessDenied("AWS authentication requires a valid Date or x-amz-date header");
        }

        CheckSkew(when);
        var payloadHeader = request.Headers["x-amz-content-sha256"].ToString();
        if (payloadHeader.Length == 0)
        {
            throw new DialectException(MultipartError.InvalidRequest, "Missing required header for this request: x-amz-content-sha256");
        }

        var (mode, sha) = ParsePayload(payloadHeader);
        var (accessKey, signingKey, scope) = ResolveCredential(credential, amzDate);
        var canonical = CanonicalRequest(request, target, signedHeaders, excludeSignatureParam: false, payloadHeader);
        Check(signingKey, amzDate, scope, canonical, signature, accessKey);
        return new SigV4Context(accessKey, signingKey, amzDate, scope, signature, mode, sha);
    }

    private SigV4Context VerifyPresigned(HttpRequest request, RequestTarget target)
    {
        if (target.Get("X-Amz-Algorithm") != Algorithm)
        {
            throw S3Errors.InvalidArgument("X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"");
        }

        var credential = target.Get("X-Amz-Credential");
        var amzDate = target.Get("X-Amz-Date");
        var signedHeaders = target.Get("X-Amz-SignedHeaders");
        var signature = target.Get("X-Amz-Signature");
        var expiresText = target.Get("X-Amz-Expires");
        if (credential is null || amzDate is null || signedHeaders is null || signature is null || expiresText is null)
        {
            throw MultipartError.MalformedQueryAuthorization.Error();
        }

        // AWS: a value that is not a number is a malformed query (400); one out of 0..604800 is refused as
        // access denied (403), and 0 is a URL that expired when it was signed.
        if (!long.TryParse(expiresText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var expires))
        {
            throw new DialectException(MultipartError.MalformedQueryAuthorization, "X-Amz-Expires should be a number");
        }

        if (expires < 0)
        {
            throw S3Errors.AccessDenied("X-Amz-Expires must be non-negative");
        }

        if (expires > MaxPresignedSeconds)
        {
            throw S3Errors.AccessDenied($"X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than {MaxPresignedSeconds} seconds");
        }

        var when = ParseAmzDate(amzDate);
        var now = time.GetUtcNow();
        if (when - now > options.Value.MaxClockSkew)
        {
            throw MultipartError.RequestTimeTooSkewed.Error();
        }

        if (now >= when.AddSeconds(expires))
        {
            throw S3Errors.AccessDenied("Request has expired");
        }

        var payloadHeader = request.Headers["x-amz-content-sha256"].ToString();
        var payload = payloadHeader.Length > 0 ? payloadHeader : "UNSIGNED-PAYLOAD";
        var (mode, sha) = ParsePayload(payload);
        var (accessKey, signingKey, scope) = ResolveCredential(credential, amzDate);
        var canonical = CanonicalRequest(request, target, signedHeaders, excludeSignatureParam: true, payload);
        Check(signingKey, amzDate, scope, canonical, signature, accessKey);
        return new SigV4Context(accessKey, signingKey, amzDate, scope, signature, mode, sha);
    }

    /// <summary>
    /// POST Object's SigV4: <c>x-amz-signature</c> is the hex HMAC-SHA256 of the base64 policy under the signing
    /// key of <c>x-amz-credential</c>'s scope. No clock skew check: the policy's expiration bounds the form's life.
    /// </summary>
    public SigV4Context VerifyFormPolicy(string algorithm, string credential, string amzDate, string policy, string signature)
    {
        if (algorithm != Algorithm)
        {
            throw S3Errors.InvalidArgument("x-amz-algorithm only supports \"AWS4-HMAC-SHA256\"");
        }

        if (amzDate.Length < 8)
        {
            throw S3Errors.InvalidArgument("x-amz-date must be of the form yyyyMMddTHHmmssZ.");
        }

        var (accessKey, signingKey, scope) = ResolveCredential(credential, amzDate);
        var expected = Hex(HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes(policy)));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature.ToLowerInvariant())))
        {
            throw MultipartError.SignatureDoesNotMatch.Error();
        }

        return new SigV4Context(accessKey, signingKey, amzDate, scope, signature, PayloadMode.Unsigned, null);
    }

    private void CheckSkew(DateTimeOffset when) => S3ClockSkew.Check(when, time, options.Value.MaxClockSkew);

    private (string AccessKey, byte[] SigningKey, string Scope) ResolveCredential(string credential, string amzDate)
    {
        var parts = credential.Split('/');
        if (parts.Length != 5 || parts[4] != "aws4_request" || parts[3] != "s3")
        {
            throw Errors.MalformedAuthorization($"the Credential is mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".");
        }

        if (parts[1] != amzDate[..8])
        {
            throw Errors.MalformedAuthorization($"Invalid credential date \"{parts[1]}\". This date is not the same as X-Amz-Date: \"{amzDate[..8]}\".");
        }

        var secret = credentials.Find(parts[0])?.SecretKey
            ?? throw MultipartError.InvalidAccessKey.Error();
        var key = _signingKeys.Get(secret, parts[1], parts[2], parts[3]);
        return (parts[0], key, string.Join('/', parts[1..]));
    }

    // The canonical request is hashed over the bytes the client sent: RawHeaderEncoding gives back the bytes
    // of a metadata value that was not UTF-8 and is UTF-8 for everything else. minio-js sends such a value as
    // ISO-8859-1 bytes but signs the UTF-8 of its text (minio/minio-js#1300), so that reading is accepted too.
    private static void Check(byte[] signingKey, string amzDate, string scope, string canonicalRequest, string signature, string accessKey)
    {
        var stringToSign = StringToSign(amzDate, scope, RawHeaderEncoding.Instance.GetBytes(canonicalRequest));
        if (Matches(signingKey, stringToSign, signature)
            || (RawHeaderEncoding.HoldsRawBytes(canonicalRequest) && Matches(signingKey, StringToSign(amzDate, scope, Encoding.UTF8.GetBytes(RawHeaderEncoding.AsLatin1Text(canonicalRequest))), signature)))
        {
            return;
        }

        throw new DialectException(MultipartError.SignatureDoesNotMatch)
        {
            Details = new Dictionary<string, string>
            {
                ["AWSAccessKeyId"] = accessKey,
                ["StringToSign"] = stringToSign,
                ["SignatureProvided"] = signature,
                ["CanonicalRequest"] = RawHeaderEncoding.AsLatin1Text(canonicalRequest),
            },
        };
    }

    private static string StringToSign(string amzDate, string scope, byte[] canonicalRequest) =>
        $"{Algorithm}\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(canonicalRequest))}";

    private static bool Matches(byte[] signingKey, string stringToSign, string signature) =>
        CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Hex(HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes(stringToSign)))),
            Encoding.ASCII.GetBytes(signature.ToLowerInvariant()));

    /// <summary>The canonical request of SigV4 for S3.</summary>
    public static string CanonicalRequest(HttpRequest request, RequestTarget target, string signedHeaders, bool excludeSignatureParam, string payloadHash)
    {
        var sb = new StringBuilder(512);
        sb.Append(request.Method).Append('\n');
        sb.Append(RequestTarget.UriEncode(target.DecodedPath, keepSlash: true)).Append('\n');
        var query = target.Query
            .Where(p => !excludeSignatureParam || p.Key != "X-Amz-Signature")
            .Select(p => (Name: RequestTarget.UriEncode(p.Key, false), Value: RequestTarget.UriEncode(p.Value, false)))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal);
        sb.AppendJoin('&', query.Select(p => p.Name + "=" + p.Value)).Append('\n');
        foreach (var name in signedHeaders.Split(';'))
        {
            var values = request.Headers[name];
            sb.Append(name).Append(':').AppendJoin(',', values.Select(v => CollapseSpaces(v ?? ""))).Append('\n');
        }

        sb.Append('\n').Append(signedHeaders).Append('\n').Append(payloadHash);
        return sb.ToString();
    }

    public static byte[] SigningKey(string secret, string date, string region, string service)
    {
        var kDate = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secret), Encoding.UTF8.GetBytes(date));
        var kRegion = HMACSHA256.HashData(kDate, Encoding.UTF8.GetBytes(region));
        var kService = HMACSHA256.HashData(kRegion, Encoding.UTF8.GetBytes(service));
        return HMACSHA256.HashData(kService, "aws4_request"u8);
    }

    public static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    private static (PayloadMode, string?) ParsePayload(string header) => header switch
    {
        "UNSIGNED-PAYLOAD" => (PayloadMode.Unsigned, null),
        "STREAMING-AWS4-HMAC-SHA256-PAYLOAD" => (PayloadMode.StreamingSigned, null),
        "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER" => (PayloadMode.StreamingSignedTrailer, null),
        "STREAMING-UNSIGNED-PAYLOAD-TRAILER" => (PayloadMode.StreamingUnsignedTrailer, null),
        _ when header.Length == 64 && header.All(char.IsAsciiHexDigit) => (PayloadMode.Sha256, header.ToLowerInvariant()),
        _ => throw new DialectException(MultipartError.InvalidArgument, "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD(-TRAILER), STREAMING-UNSIGNED-PAYLOAD-TRAILER, or a valid sha256 value."),
    };

    private static DateTimeOffset ParseAmzDate(string value) =>
        DateTimeOffset.TryParseExact(value, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var when)
            ? when
            : throw S3Errors.AccessDenied("X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");

    private static string CollapseSpaces(string value)
    {
        var trimmed = value.Trim();
        if (!trimmed.Contains("  ", StringComparison.Ordinal))
        {
            return trimmed;
        }

        var sb = new StringBuilder(trimmed.Length);
        var space = false;
        foreach (var c in trimmed)
        {
            if (c == ' ')
            {
                if (!space)
                {
                    sb.Append(c);
                }

                space = true;
            }
            else
            {
                sb.Append(c);
                space = false;
            }
        }

        return sb.ToString();
    }
}
