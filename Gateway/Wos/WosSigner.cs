namespace Orleans.Multipart.Gateway.Wos;

/// <summary>
/// WOS request signing: AWS Signature V2 with x-wos- headers (x-amz- from legacy clients), HMAC-SHA1,
/// base64. The canonical resource carries the sub-resources, so <c>?uploads</c> in the URL but not in
/// the signature does not verify.
/// </summary>
internal static class WosSigner
{
    /// <summary>Sub-resources that are part of the canonical resource (S3 V2's list).</summary>
    public static readonly HashSet<string> SubResources = new(StringComparer.Ordinal)
    {
        "acl", "delete", "lifecycle", "location", "logging", "notification", "partNumber", "policy", "requestPayment",
        "torrent", "uploadId", "uploads", "versionId", "versioning", "versions", "website", "cors", "tagging",
        "response-cache-control", "response-content-disposition", "response-content-encoding", "response-content-language",
        "response-content-type", "response-expires",
    };

    private static readonly string[] HeaderPrefixes = ["x-wos-", "x-amz-"];

    public static string StringToSign(string verb, string contentMd5, string contentType, string date,
        IEnumerable<KeyValuePair<string, string>> headers, string resourcePath, IEnumerable<KeyValuePair<string, string>> query) =>
        SignatureV2.StringToSign(verb, contentMd5, contentType, date, headers, HeaderPrefixes, resourcePath, query, SubResources);

    public static string Sign(string secretKey, string stringToSign) => SignatureV2.Sign(secretKey, stringToSign);
}
