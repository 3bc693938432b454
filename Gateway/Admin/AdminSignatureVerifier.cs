using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Orleans.Multipart.Gateway.S3;

namespace Orleans.Multipart.Gateway.Admin;

/// <summary>
/// Verifies an admin request's AWS Signature Version 4 (Authorization header, service <c>s3</c> or <c>omp-admin</c>,
/// any region) against the gateway's <see cref="ICredentialStore"/>, over the whole body (its SHA-256 is signed:
/// an admin request's body is small and changes accounts, so it is never accepted unsigned), and answers the
/// principal the key proves. Every failure is an <see cref="AdminException"/> (403; 400 for a malformed header).
/// </summary>
internal sealed class AdminSignatureVerifier(ICredentialStore credentials, TimeProvider time, IOptions<GatewayOptions> options)
{
    public static readonly IReadOnlySet<string> Services = new HashSet<string>(StringComparer.Ordinal) { "s3", "omp-admin" };

    public async ValueTask<Principal> VerifyAsync(HttpContext context, byte[] body)
    {
        var request = context.Request;
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.Length == 0)
        {
            throw AdminException.Denied("MissingSignature", "The admin API answers only requests signed (AWS Signature Version 4) with an administrator's access key.");
        }

        if (!authorization.StartsWith(SigV4Verifier.Algorithm + " ", StringComparison.Ordinal))
        {
            throw AdminException.BadRequest("Unsupported Authorization type; sign with AWS4-HMAC-SHA256.");
        }

        string? credential = null, signedHeaders = null, signature = null;
        foreach (var part in authorization[SigV4Verifier.Algorithm.Length..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=');
            switch (eq < 0 ? "" : part[..eq])
            {
                case "Credential": credential = part[(eq + 1)..]; break;
                case "SignedHeaders": signedHeaders = part[(eq + 1)..]; break;
                case "Signature": signature = part[(eq + 1)..]; break;
            }
        }

        var scope = credential?.Split('/');
        if (scope is not { Length: 5 } || scope[4] != "aws4_request" || !Services.Contains(scope[3]) || signedHeaders is null || signature is null)
        {
            throw AdminException.BadRequest("The Authorization header is malformed: it needs Credential=<key>/<date>/<region>/(s3|omp-admin)/aws4_request, SignedHeaders and Signature.");
        }

        if (!signedHeaders.Split(';').Contains("host"))
        {
            throw AdminException.BadRequest("The signature must cover the host header.");
        }

        var amzDate = request.Headers["x-amz-date"].ToString();
        if (!DateTimeOffset.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var when))
        {
            throw AdminException.BadRequest("x-amz-date is missing or not of the form yyyyMMddTHHmmssZ.");
        }

        if ((time.GetUtcNow() - when).Duration() > options.Value.MaxClockSkew)
        {
            throw AdminException.Denied("RequestTimeTooSkewed", "The difference between the request time and the server's time is too large.");
        }

        if (scope[1] != amzDate[..8])
        {
            throw AdminException.BadRequest("The credential's date is not the date of x-amz-date.");
        }

        var bodyHash = SigV4Verifier.Hex(SHA256.HashData(body));
        var declared = request.Headers["x-amz-content-sha256"].ToString();
        if (declared.Length > 0 && !string.Equals(declared, bodyHash, StringComparison.OrdinalIgnoreCase))
        {
            throw AdminException.Denied("XAmzContentSHA256Mismatch", "x-amz-content-sha256 must be the hex SHA-256 of the body (admin requests are never unsigned).");
        }

        var key = await ResolveAsync(scope[0], context.RequestAborted)
            ?? throw AdminException.Denied("InvalidAccessKeyId", "The access key does not exist or is not usable.");
        var signingKey = SigV4Verifier.SigningKey(key.SecretKey, scope[1], scope[2], scope[3]);
        var canonical = SigV4Verifier.CanonicalRequest(request, RequestTarget.Parse(context, null), signedHeaders, excludeSignatureParam: false, bodyHash);
        var stringToSign = $"{SigV4Verifier.Algorithm}\n{amzDate}\n{string.Join('/', scope[1..])}\n{SigV4Verifier.Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        var expected = SigV4Verifier.Hex(HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes(stringToSign)));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature.ToLowerInvariant())))
        {
            throw AdminException.Denied("SignatureDoesNotMatch", "The request signature does not match the one computed with the key's secret.");
        }

        return key.Principal;
    }

    private async ValueTask<ResolvedAccessKey?> ResolveAsync(string accessKey, CancellationToken cancellationToken)
    {
        try
        {
            return credentials.Find(accessKey);
        }
        catch (CredentialNotCachedException)
        {
            await credentials.LoadAsync(accessKey, cancellationToken);
            return credentials.Find(accessKey);
        }
    }
}
