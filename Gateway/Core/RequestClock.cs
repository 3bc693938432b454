namespace Orleans.Multipart.Gateway.Core;

/// <summary>The vendor dialects' request-time check: a signed date further than the allowed skew from now is RequestTimeTooSkewed.</summary>
internal static class RequestClock
{
    public static void CheckSkew(DateTimeOffset requestTime, TimeProvider time, TimeSpan maxSkew)
    {
        if ((time.GetUtcNow() - requestTime).Duration() > maxSkew)
        {
            throw MultipartError.RequestTimeTooSkewed.Error();
        }
    }

    /// <summary>A presigned URL's expiry (Unix seconds): <paramref name="error"/> when it is not a number or has passed.</summary>
    public static void CheckExpires(string expires, TimeProvider time, MultipartError error, string message)
    {
        if (!long.TryParse(expires, out var seconds) || time.GetUtcNow().ToUnixTimeSeconds() > seconds)
        {
            throw new DialectException(error, message);
        }
    }
}
