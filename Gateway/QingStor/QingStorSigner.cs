using System.Security.Cryptography;
using System.Text;

namespace Orleans.Multipart.Gateway.QingStor;

/// <summary>
/// QingStor request signing: <c>QS AK:base64(HMAC-SHA256(SK, StringToSign))</c>; x-qs- headers and a
/// whitelist of signed sub-resources (paging parameters such as limit are not signed). The string to
/// sign is the SigV2 family's (<see cref="SignatureV2"/>) over the escaped path, with an empty Date line
/// when X-QS-Date is sent.
/// </summary>
public static class QingStorSigner
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
        IEnumerable<KeyValuePair<string, string>> headers, string resourcePath, IEnumerable<KeyValuePair<string, string>> query)
    {
        var all = headers.ToList();
        var dateLine = all.Any(h => h.Key.Equals("x-qs-date", StringComparison.OrdinalIgnoreCase)) ? "" : date;
        return SignatureV2.StringToSign(verb, contentMd5, contentType, dateLine, all, HeaderPrefixes, EscapePath(resourcePath), query, SignedParameters);
    }

    public static string Sign(string secretKey, string stringToSign) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secretKey), Encoding.UTF8.GetBytes(stringToSign)));

    /// <summary>Query-escape, then keep '/' and '=' and write spaces as %20 (the SDKs' rule).</summary>
    public static string EscapePath(string path) =>
        Uri.EscapeDataString(path).Replace("%2F", "/", StringComparison.Ordinal).Replace("%3D", "=", StringComparison.Ordinal).Replace("+", "%20", StringComparison.Ordinal);
}
