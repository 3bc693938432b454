namespace Orleans.Multipart.Gateway.Jss;

/// <summary>
/// JSS request signing: <c>jingdong AK:base64(HMAC-SHA1(SK, StringToSign))</c> with x-jss- headers,
/// the SigV2 family (<see cref="SignatureV2"/>). The documentation is ambiguous about the order of
/// sub-resources, so the caller passes them in the order to try (a verifier tries sorted and as sent).
/// </summary>
internal static class JssSigner
{
    public const string Scheme = "jingdong";

    public static readonly HashSet<string> SubResources = new(StringComparer.Ordinal)
    {
        "acl", "lifecycle", "location", "logging", "partNumber", "policy", "uploadId", "uploads", "versionId", "versioning",
        "versions", "website", "response-content-type", "response-content-language", "response-expires",
        "response-cache-control", "response-content-disposition", "response-content-encoding",
    };

    private static readonly string[] HeaderPrefixes = ["x-jss-"];

    public static string StringToSign(string verb, string contentMd5, string contentType, string date,
        IEnumerable<KeyValuePair<string, string>> headers, string resourcePath, IEnumerable<KeyValuePair<string, string>> subResources) =>
        SignatureV2.StringToSign(verb, contentMd5, contentType, date, headers, HeaderPrefixes, resourcePath, subResources);

    public static string Sign(string secretKey, string stringToSign) => SignatureV2.Sign(secretKey, stringToSign);
}
