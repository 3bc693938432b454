using System.Globalization;

namespace Orleans.Multipart.Gateway.S3;

/// <summary>S3's RequestTimeTooSkewed, shared by the SigV4 and SigV2 verifiers (same rule, same error details).</summary>
internal static class S3ClockSkew
{
    public static void Check(DateTimeOffset when, TimeProvider time, TimeSpan maxSkew)
    {
        var now = time.GetUtcNow();
        if ((now - when).Duration() > maxSkew)
        {
            throw new DialectException(MultipartError.RequestTimeTooSkewed)
            {
                Details = new Dictionary<string, string>
                {
                    ["RequestTime"] = when.ToString("r", CultureInfo.InvariantCulture),
                    ["ServerTime"] = now.ToString("r", CultureInfo.InvariantCulture),
                    ["MaxAllowedSkewMilliseconds"] = ((long)maxSkew.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
                },
            };
        }
    }
}
