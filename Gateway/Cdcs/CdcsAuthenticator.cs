namespace Orleans.Multipart.Gateway.Cdcs;

/// <summary>CDCS's q-sign Authorization (HMAC-SHA1 over the signed headers and parameters, within a q-sign-time window).</summary>
internal sealed class CdcsAuthenticator(ICredentialStore credentials, TimeProvider time)
{
    public Caller Authenticate(HttpContext context, RequestTarget target)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.Length == 0)
        {
            throw Errors.NoAuthorization();
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in authorization.Split('&'))
        {
            var eq = pair.IndexOf('=');
            if (eq > 0)
            {
                fields[pair[..eq].Trim()] = pair[(eq + 1)..].Trim();
            }
        }

        string Field(string name) => fields.TryGetValue(name, out var v) ? v : throw new DialectException(MultipartError.MalformedAuthorization, $"The Authorization lacks {name}.");
        if (Field("q-sign-algorithm") != "sha1")
        {
            throw new DialectException(MultipartError.MalformedAuthorization, "q-sign-algorithm must be sha1.");
        }

        var accessKey = Field("q-ak");
        var signTime = Field("q-sign-time");
        var keyTime = Field("q-key-time");
        var window = signTime.Split(';');
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        if (window.Length != 2 || !long.TryParse(window[0], out var start) || !long.TryParse(window[1], out var end))
        {
            throw new DialectException(MultipartError.MalformedAuthorization, "q-sign-time must be <start>;<end> in Unix seconds.");
        }

        if (now < start || now > end)
        {
            throw new DialectException(MultipartError.AccessDenied, "Request has expired: now is outside the q-sign-time window.");
        }

        var key = credentials.Find(accessKey) ?? throw Errors.UnknownAccessKey("SecretId");
        var headerNames = Field("q-header-list").Split(';', StringSplitOptions.RemoveEmptyEntries);
        var paramNames = Field("q-url-param-list").Split(';', StringSplitOptions.RemoveEmptyEntries);
        var headers = headerNames.Select(n => new KeyValuePair<string, string>(n, context.Request.Headers[n].ToString()));
        var parameters = paramNames.Select(n => new KeyValuePair<string, string>(n, target.Query.FirstOrDefault(q => string.Equals(q.Key, n, StringComparison.OrdinalIgnoreCase)).Value ?? ""));
        var expected = CdcsSigner.Signature(key.SecretKey, context.Request.Method, target.DecodedPath, signTime, keyTime, parameters, headers);
        return SignatureV2.Matches(expected, Field("q-signature"))
            ? new Caller(accessKey, key.Principal)
            : throw Errors.SignatureMismatch("request");
    }
}
