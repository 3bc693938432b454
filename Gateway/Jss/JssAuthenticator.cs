namespace Orleans.Multipart.Gateway.Jss;

/// <summary>JSS's <c>jingdong</c> HMAC-SHA1 signatures; the signed sub-resources are accepted sorted or as sent.</summary>
internal sealed class JssAuthenticator(ICredentialStore credentials, TimeProvider time, IOptions<GatewayOptions> gateway)
{
    public Caller Authenticate(HttpContext context, RequestTarget target)
    {
        var request = context.Request;
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.Length == 0)
        {
            throw Errors.NoAuthorization();
        }

        if (!SchemeCredential.TryParse(authorization, JssSigner.Scheme, out var credential))
        {
            throw Errors.AuthorizationForm("jingdong AccessKey:Signature");
        }

        var (accessKey, signature) = credential;
        var date = request.Headers.Date.ToString();
        if (!SignatureV2.TryParseDate(date, out var when))
        {
            throw Errors.DateRequired("Date");
        }

        RequestClock.CheckSkew(when, time, gateway.Value.MaxClockSkew);
        var key = credentials.Find(accessKey) ?? throw Errors.UnknownAccessKey("access key");
        var resource = target.Bucket is null ? "/" : "/" + target.Bucket + (target.Key.Length > 0 ? "/" + target.Key : "");
        var asSent = target.Query.Where(q => JssSigner.SubResources.Contains(q.Key)).ToList();
        var headers = request.Headers.Select(h => new KeyValuePair<string, string>(h.Key, h.Value.ToString())).ToList();
        foreach (var order in new[] { asSent.OrderBy(q => q.Key, StringComparer.Ordinal).ToList(), asSent })
        {
            var toSign = JssSigner.StringToSign(request.Method, request.Headers["Content-MD5"].ToString(), request.ContentType ?? "", date, headers, resource, order);
            if (SignatureV2.Matches(JssSigner.Sign(key.SecretKey, toSign), signature))
            {
                return new Caller(accessKey, key.Principal);
            }
        }

        throw Errors.SignatureMismatch("request");
    }
}
