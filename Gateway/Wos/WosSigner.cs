using System.Security.Cryptography;
using System.Text;

namespace Orleans.Multipart.Gateway.Wos;

/// <summary>
/// WOS request signing: AWS Signature V2 with x-wos- headers (x-amz- from legacy clients), HMAC-SHA1,
/// base64. The canonical resource carries the sub-resources, so <c>?uploads</c> in the URL but not in
/// the signature does not verify.
/// </summary>
public static class WosSigner
{
    /// <summary>Sub-resources that are part of the canonical resource (S3 V2's list).</summary>
    public static readonly HashSet<string> SubResources = new(StringComparer.Ordinal)
    {
        "acl", "delete", "lifecycle", "location", "logging", "notification", "partNumber", "policy", "requestPayment",
        "torrent", "uploadId", "uploads", "versionId", "versioning", "versions", "website", "cors", "tagging",
        "response-cache-control", "response-content-disposition", "response-content-encoding", "response-content-language",
        "response-content-type", "response-expires",
    };

    public static string StringToSign(string verb, string contentMd5, string contentType, string date,
        IEnumerable<KeyValuePair<string, string>> headers, string resourcePath, IEnumerable<KeyValuePair<string, string>> query)
    {
        var sb = new StringBuilder();
        sb.Append(verb).Append('\n').Append(contentMd5).Append('\n').Append(contentType).Append('\n').Append(date).Append('\n');
        foreach (var (name, value) in headers
                     .Select(h => (Name: h.Key.ToLowerInvariant(), h.Value))
                     .Where(h => h.Name.StartsWith("x-wos-", StringComparison.Ordinal) || h.Name.StartsWith("x-amz-", StringComparison.Ordinal))
                     .GroupBy(h => h.Name)
                     .Select(g => (g.Key, string.Join(',', g.Select(h => h.Value.Trim()))))
                     .OrderBy(h => h.Key, StringComparer.Ordinal))
        {
            sb.Append(name).Append(':').Append(value).Append('\n');
        }

        sb.Append(resourcePath);
        var sub = query.Where(p => SubResources.Contains(p.Key)).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value.Length == 0 ? p.Key : p.Key + "=" + p.Value).ToList();
        if (sub.Count > 0)
        {
            sb.Append('?').AppendJoin('&', sub);
        }

        return sb.ToString();
    }

    public static string Sign(string secretKey, string stringToSign) =>
        Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secretKey), Encoding.UTF8.GetBytes(stringToSign)));
}
