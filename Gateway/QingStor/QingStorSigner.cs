using System.Security.Cryptography;
using System.Text;

namespace Orleans.Multipart.Gateway.QingStor;

/// <summary>
/// QingStor request signing: <c>QS AK:base64(HMAC-SHA256(SK, StringToSign))</c>; x-qs- headers and a
/// whitelist of signed sub-resources (paging parameters such as limit are not signed). The string to
/// sign is the SigV2 family's (<see cref="SignatureV2"/>) over the escaped path, with an empty Date line
/// when X-QS-Date is sent.
/// </summary>
internal static class QingStorSigner
{
    public const string Scheme = "QS";

    private static readonly string[] HeaderPrefixes = ["x-qs-"];

    public static readonly HashSet<string> SignedParameters = new(StringComparer.Ordinal)
    {
        "acl", "append", "cname", "cors", "delete", "image", "lifecycle", "logging", "mirror", "notification", "part_number",
        "policy", "position", "replication", "stats", "upload_id", "uploads", "versioning", "version_id", "versions",
        "response-expires", "response-cache-control", "response-content-type", "response-content-language",
        "response-content-encoding", "response-content-disposition",
    };

    /// <param name="resourcePath">"/" for the service, "/bucket/" for a bucket root, "/bucket/key" (decoded) for an object.</param>
    public static string StringToSign(string verb, string contentMd5, string contentType, string date,
        IEnumerable<KeyValuePair<string, string>> headers, string resourcePath, IEnumerable<KeyValuePair<string, string>> query) =>
        StringToSignOverEscaped(verb, contentMd5, contentType, date, headers, EscapePath(resourcePath), query);

    /// <param name="escapedResourcePath">The resource path as the client escaped it (one of <see cref="SignedResourcePaths"/>).</param>
    public static string StringToSignOverEscaped(string verb, string contentMd5, string contentType, string date,
        IEnumerable<KeyValuePair<string, string>> headers, string escapedResourcePath, IEnumerable<KeyValuePair<string, string>> query)
    {
        var all = headers.ToList();
        var dateLine = all.Any(h => h.Key.Equals("x-qs-date", StringComparison.OrdinalIgnoreCase)) ? "" : date;
        return SignatureV2.StringToSign(verb, contentMd5, contentType, dateLine, all, HeaderPrefixes, escapedResourcePath, query, SignedParameters);
    }

    /// <summary>
    /// Every escaped resource path a QingStor client signs for this bucket and key; the vendor's canonical resource is
    /// what the client signed, so each of them verifies. The documented form (dialects.md: "/bucket/" for the bucket
    /// root, '=' kept in keys) and the form of QingStor's own Python SDK (qingstor-sdk 2.6.0, path style: the
    /// bucket root signed as the URL path "/bucket", and the key as <c>urllib.parse.quote(key)</c>, which writes '='
    /// as %3D). Both name the same resource, so accepting both widens nothing.
    /// </summary>
    public static IReadOnlyList<string> SignedResourcePaths(string? bucket, string key)
    {
        if (bucket is null)
        {
            return ["/"];
        }

        if (key.Length == 0)
        {
            return ["/" + bucket + "/", "/" + bucket];
        }

        var path = "/" + bucket + "/" + key;
        var documented = EscapePath(path);
        var pythonSdk = PythonQuote(path);
        return documented == pythonSdk ? [documented] : [documented, pythonSdk];
    }

    public static string Sign(string secretKey, string stringToSign) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secretKey), Encoding.UTF8.GetBytes(stringToSign)));

    /// <summary>The documented escaping: query-escape, then keep '/' and '=' and write spaces as %20 (the Go SDK's rule).</summary>
    public static string EscapePath(string path) =>
        Uri.EscapeDataString(path).Replace("%2F", "/", StringComparison.Ordinal).Replace("%3D", "=", StringComparison.Ordinal).Replace("+", "%20", StringComparison.Ordinal);

    /// <summary>
    /// Python's <c>urllib.parse.quote(path)</c> (safe "/"): the UTF-8 bytes, everything but <c>A-Z a-z 0-9 _ . - ~ /</c>
    /// as uppercase %XX, which is <see cref="Uri.EscapeDataString(string)"/> with '/' kept.
    /// </summary>
    public static string PythonQuote(string path) => Uri.EscapeDataString(path).Replace("%2F", "/", StringComparison.Ordinal);
}
