using System.Security.Cryptography;
using System.Text;

namespace Orleans.Multipart.Gateway.QingStor;

/// <summary>
/// QingStor request signing: <c>QS AK:base64(HMAC-SHA256(SK, StringToSign))</c>; x-qs- headers and a
/// whitelist of signed sub-resources (paging parameters such as limit are not signed).
/// </summary>
public static class QingStorSigner
{
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
        var qsHeaders = headers
            .Select(h => (Name: h.Key.ToLowerInvariant(), Value: h.Value.Trim()))
            .Where(h => h.Name.StartsWith("x-qs-", StringComparison.Ordinal))
            .OrderBy(h => h.Name, StringComparer.Ordinal)
            .ToList();
        var sb = new StringBuilder();
        sb.Append(verb).Append('\n').Append(contentMd5).Append('\n').Append(contentType).Append('\n');
        sb.Append(qsHeaders.Any(h => h.Name == "x-qs-date") ? "" : date).Append('\n');
        foreach (var (name, value) in qsHeaders)
        {
            sb.Append(name).Append(':').Append(value).Append('\n');
        }

        sb.Append(EscapePath(resourcePath));
        var signed = query.Where(p => SignedParameters.Contains(p.Key)).OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => p.Value.Length == 0 ? p.Key : p.Key + "=" + p.Value).ToList();
        if (signed.Count > 0)
        {
            sb.Append('?').AppendJoin('&', signed);
        }

        return sb.ToString();
    }

    public static string Sign(string secretKey, string stringToSign) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secretKey), Encoding.UTF8.GetBytes(stringToSign)));

    /// <summary>Query-escape, then keep '/' and '=' and write spaces as %20 (the SDKs' rule).</summary>
    public static string EscapePath(string path) =>
        Uri.EscapeDataString(path).Replace("%2F", "/", StringComparison.Ordinal).Replace("%3D", "=", StringComparison.Ordinal).Replace("+", "%20", StringComparison.Ordinal);
}
