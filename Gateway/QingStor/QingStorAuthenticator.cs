namespace Orleans.Multipart.Gateway.QingStor;

/// <summary>QingStor's <c>QS</c> HMAC-SHA256 signatures, in the Authorization header or the query; unsigned requests go on to the anonymous-write check.</summary>
internal sealed class QingStorAuthenticator(ICredentialStore credentials, TimeProvider time, IOptions<GatewayOptions> gateway)
{
    public static readonly IReadOnlySet<string> SignatureParameters = new HashSet<string> { "access_key_id", "expires", "signature" };

    public Caller? Authenticate(HttpContext context, RequestTarget target)
    {
        var request = context.Request;
        string accessKey, signature, dateLine;
        if (target.Get("signature") is { } querySignature && target.Get("access_key_id") is { } queryKey)
        {
            (accessKey, signature) = (queryKey, querySignature);
            dateLine = target.Get("expires") ?? throw new DialectException(MultipartError.AccessDenied, "A signed URL needs expires.");
            RequestClock.CheckExpires(dateLine, time, MultipartError.RequestTimeTooSkewed, "The signed URL has expired.");
        }
        else
        {
            var authorization = request.Headers.Authorization.ToString();
            if (authorization.Length == 0)
            {
                return null; // unsigned: allowed only to write into an anonymous-writable bucket
            }

            if (!SchemeCredential.TryParse(authorization, QingStorSigner.Scheme, out var credential))
            {
                throw Errors.AuthorizationForm("QS AccessKeyID:Signature");
            }

            (accessKey, signature) = credential;
            if (!SignatureV2.TryParseRequestDate(request.Headers, "X-QS-Date", out _, out var date, out var when))
            {
                throw Errors.DateRequired("Date or X-QS-Date");
            }

            RequestClock.CheckSkew(when, time, gateway.Value.MaxClockSkew);
            dateLine = date;
        }

        var key = credentials.Find(accessKey) ?? throw Errors.UnknownAccessKey("access key id");
        var headers = request.Headers.Select(h => new KeyValuePair<string, string>(h.Key, h.Value.ToString())).ToList();
        foreach (var resource in QingStorSigner.SignedResourcePaths(target.Bucket, target.Key))
        {
            var toSign = QingStorSigner.StringToSignOverEscaped(request.Method, request.Headers["Content-MD5"].ToString(), request.ContentType ?? "", dateLine,
                headers, resource, target.Query);
            if (SignatureV2.Matches(QingStorSigner.Sign(key.SecretKey, toSign), signature))
            {
                return new Caller(accessKey, key.Principal);
            }
        }

        throw new DialectException(MultipartError.SignatureDoesNotMatch, "The signature you provided does not match.");
    }
}
