namespace Orleans.Multipart.Gateway.Jss;

/// <summary>JSS's <c>jingdong</c> HMAC-SHA1 signatures; the signed sub-resources are accepted sorted or as sent.</summary>
public sealed class JssAuthenticator(ICredentialStore credentials, TimeProvider time, IOptions<GatewayOptions> gateway)
{
    public Caller Authenticate(HttpContext context, RequestTarget target)
    {
        var request = context.Request;
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.Length == 0)
        {
            throw new DialectException(WireError.AccessDenied, "Access Denied: the request carries no Authorization.");
        }

        if (!SchemeCredential.TryParse(authorization, JssSigner.Scheme, out var credential))
        {
            throw new DialectException(WireError.MalformedAuthorization, "The Authorization header must be 'jingdong AccessKey:Signature'.");
        }

        var (accessKey, signature) = credential;
        var date = request.Headers.Date.ToString();
        if (!SignatureV2.TryParseDate(date, out var when))
        {
            throw new DialectException(WireError.AccessDenied, "A valid Date header is required.");
        }

        RequestClock.CheckSkew(when, time, gateway.Value.MaxClockSkew);
        var secret = credentials.FindSecret(accessKey) ?? throw new DialectException(WireError.InvalidAccessKey, "The access key you provided does not exist.");
        var resource = target.Bucket is null ? "/" : "/" + target.Bucket + (target.Key.Length > 0 ? "/" + target.Key : "");
        var asSent = target.Query.Where(q => JssSigner.SubResources.Contains(q.Key)).ToList();
        var headers = request.Headers.Select(h => new KeyValuePair<string, string>(h.Key, h.Value.ToString())).ToList();
        foreach (var order in new[] { asSent.OrderBy(q => q.Key, StringComparer.Ordinal).ToList(), asSent })
        {
            var toSign = JssSigner.StringToSign(request.Method, request.Headers["Content-MD5"].ToString(), request.ContentType ?? "", date, headers, resource, order);
            if (SignatureV2.Matches(JssSigner.Sign(secret, toSign), signature))
            {
                return new Caller(accessKey);
            }
        }

        throw new DialectException(WireError.SignatureDoesNotMatch, "The request signature we calculated does not match the signature you provided.");
    }
}
