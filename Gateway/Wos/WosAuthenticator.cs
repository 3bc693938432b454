namespace Orleans.Multipart.Gateway.Wos;

/// <summary>WOS's AWS-SigV2-style signatures with x-wos- headers: <c>WOS</c> or <c>AWS</c> Authorization, or a presigned query.</summary>
internal sealed class WosAuthenticator(ICredentialStore credentials, TimeProvider time, IOptions<GatewayOptions> gateway)
{
    public static readonly IReadOnlySet<string> SignatureParameters = new HashSet<string> { "WOSAccessKeyId", "AWSAccessKeyId", "Expires", "Signature" };

    public Caller Authenticate(HttpContext context, RequestTarget target)
    {
        var request = context.Request;
        string accessKey, signature, dateLine;
        var presigned = target.Get("Signature") is not null && (target.Get("WOSAccessKeyId") ?? target.Get("AWSAccessKeyId")) is not null;
        if (presigned)
        {
            accessKey = target.Get("WOSAccessKeyId") ?? target.Get("AWSAccessKeyId")!;
            signature = target.Get("Signature")!;
            dateLine = target.Get("Expires") ?? throw new DialectException(MultipartError.AccessDenied, "A presigned URL needs Expires.");
            RequestClock.CheckExpires(dateLine, time, MultipartError.AccessDenied, "Request has expired");
        }
        else
        {
            var authorization = request.Headers.Authorization.ToString();
            if (authorization.Length == 0)
            {
                throw Errors.NoAuthorization();
            }

            if (!SchemeCredential.TryParse(authorization, "WOS", out var credential) && !SchemeCredential.TryParse(authorization, "AWS", out credential))
            {
                throw new DialectException(MultipartError.AccessDenied, "The Authorization header must be 'WOS AccessKey:Signature' (or 'AWS ...').");
            }

            (accessKey, signature) = credential;
            var wosDate = request.Headers["x-wos-date"].ToString();
            var amzDate = request.Headers["x-amz-date"].ToString();
            var date = request.Headers.Date.ToString();
            var effective = wosDate.Length > 0 ? wosDate : amzDate.Length > 0 ? amzDate : date;
            if (effective.Length == 0 || !SignatureV2.TryParseDate(effective, out var when))
            {
                throw new DialectException(MultipartError.AccessDenied, "AWS authentication requires a valid Date or x-wos-date header");
            }

            RequestClock.CheckSkew(when, time, gateway.Value.MaxClockSkew);
            dateLine = date;
        }

        var key = credentials.Find(accessKey) ?? throw new DialectException(MultipartError.InvalidAccessKey, "The access key you provided does not exist in our records.");
        var headers = request.Headers.Select(h => new KeyValuePair<string, string>(h.Key, h.Value.ToString()));
        var query = target.Query.Where(q => !SignatureParameters.Contains(q.Key)).ToList();
        var md5 = request.Headers["Content-MD5"].ToString();
        var contentType = request.ContentType ?? "";

        // With x-wos-date (or x-amz-date) clients sign either the Date header or an empty Date line: accept both.
        var candidates = new List<string> { dateLine };
        if (!presigned && (request.Headers.ContainsKey("x-wos-date") || request.Headers.ContainsKey("x-amz-date")) && dateLine.Length > 0)
        {
            candidates.Add("");
        }

        foreach (var resource in Resources(target).Distinct())
        {
            foreach (var candidate in candidates)
            {
                var toSign = WosSigner.StringToSign(request.Method, md5, contentType, candidate, headers, resource, query);
                if (SignatureV2.Matches(WosSigner.Sign(key.SecretKey, toSign), signature))
                {
                    return new Caller(accessKey, key.Principal);
                }
            }
        }

        throw Errors.SignatureMismatch("request");
    }

    /// <summary>
    /// The CanonicalizedResource forms accepted: the documented one ("/bucket/key", "/bucket/" for the
    /// bucket itself, the bucket taken from the Host for virtual-host requests), and the path as sent,
    /// which clients of the path-style seed sign.
    /// </summary>
    private static IEnumerable<string> Resources(RequestTarget target)
    {
        if (target.Bucket is { } bucket)
        {
            yield return target.VirtualHosted ? "/" + bucket + target.RawPath
                : target.Key.Length == 0 ? "/" + bucket + "/"
                : target.RawPath;
        }

        yield return target.RawPath;
    }
}
