namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>
/// Cross-origin requests, before authentication (browsers never sign a preflight): an <c>OPTIONS</c>
/// preflight is answered here from the bucket's rules — 200 with the Access-Control-Allow-* headers of
/// the first matching rule, else 403 CorsForbidden — and an actual request carrying an <c>Origin</c> that
/// a rule allows gets Access-Control-Allow-Origin / -Expose-Headers / Vary before it runs, so that
/// every answer, errors included, carries them (a page reads an UploadPart's ETag only when it is exposed).
/// Only <see cref="ICorsDialect"/>s take part; requests without an Origin (SDKs, tools) cost nothing.
/// </summary>
internal sealed class CorsPreflight(ObjectFrontend frontend)
{
    private const string VaryValue = "Origin, Access-Control-Request-Headers, Access-Control-Request-Method";

    /// <summary>True when the request was a preflight and is answered; false to go on with the pipeline.</summary>
    public async Task<bool> AnswerAsync(HttpContext context, IDialect dialect, RequestTarget target)
    {
        if (dialect is not ICorsDialect)
        {
            return false;
        }

        var request = context.Request;
        var origin = request.Headers.Origin.ToString();
        if (HttpMethods.IsOptions(request.Method))
        {
            await PreflightAsync(context, target, origin);
            return true;
        }

        if (origin.Length > 0 && target.Bucket is { } bucket
            && CorsMatching.FirstMatch(await frontend.Bucket(bucket).GetCors(), origin, request.Method, []) is var (rule, matched))
        {
            var headers = context.Response.Headers;
            headers.AccessControlAllowOrigin = matched == "*" ? "*" : origin;
            headers.AccessControlAllowMethods = string.Join(", ", rule.AllowedMethods);
            SetExposeAndMaxAge(headers, rule);
            headers.Vary = VaryValue;
        }

        return false;
    }

    private async Task PreflightAsync(HttpContext context, RequestTarget target, string origin)
    {
        RequestRecord.Of(context).Operation = "PreflightRequest";
        var method = context.Request.Headers.AccessControlRequestMethod.ToString();
        if (origin.Length == 0)
        {
            throw new DialectException(MultipartError.InvalidRequest, "Insufficient information. Origin request header needed.");
        }

        if (method.Length == 0)
        {
            throw new DialectException(MultipartError.InvalidRequest, "Invalid Access-Control-Request-Method: null");
        }

        var configuration = target.Bucket is { } bucket ? await frontend.Bucket(bucket).GetCors() : null;
        if (configuration is null)
        {
            throw MultipartError.CorsForbidden.Error();
        }

        var requested = CorsMatching.RequestedHeaders(context.Request.Headers.AccessControlRequestHeaders.ToString());
        if (CorsMatching.FirstMatch(configuration, origin, method, requested) is not var (rule, matched))
        {
            throw new DialectException(MultipartError.CorsForbidden,
                "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.");
        }

        var response = context.Response;
        var headers = response.Headers;
        headers.AccessControlAllowOrigin = matched == "*" ? "*" : origin;
        headers.AccessControlAllowMethods = string.Join(", ", rule.AllowedMethods);
        if (requested.Count > 0)
        {
            headers.AccessControlAllowHeaders = string.Join(", ", requested);
        }

        SetExposeAndMaxAge(headers, rule);
        headers.Vary = VaryValue;
        response.StatusCode = 200;
        response.ContentLength = 0;
    }

    private static void SetExposeAndMaxAge(IHeaderDictionary headers, CorsRule rule)
    {
        if (rule.ExposeHeaders.Count > 0)
        {
            headers.AccessControlExposeHeaders = string.Join(", ", rule.ExposeHeaders);
        }

        if (rule.MaxAgeSeconds is { } maxAge)
        {
            headers.AccessControlMaxAge = maxAge.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
