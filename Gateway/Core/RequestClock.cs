namespace Orleans.Multipart.Gateway.Core;

/// <summary>The vendor dialects' request-time check: a signed date further than the allowed skew from now is RequestTimeTooSkewed.</summary>
public static class RequestClock
{
    public static void CheckSkew(DateTimeOffset requestTime, TimeProvider time, TimeSpan maxSkew)
    {
        if ((time.GetUtcNow() - requestTime).Duration() > maxSkew)
        {
            throw new DialectException(WireError.RequestTimeTooSkewed, "The difference between the request time and the current time is too large.");
        }
    }
}
