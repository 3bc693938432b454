using System.Security.Cryptography;
using System.Text;

namespace Orleans.Multipart.Gateway.Jss;

/// <summary>
/// JSS request signing: <c>jingdong AK:base64(HMAC-SHA1(SK, StringToSign))</c> with x-jss- headers.
/// The documentation is ambiguous about the order of sub-resources, so a verifier tries both the
/// sorted order and the order of the request.
/// </summary>
public static class JssSigner
{
    public static readonly HashSet<string> SubResources = new(StringComparer.Ordinal)
    {
        "acl", "lifecycle", "location", "logging", "partNumber", "policy", "uploadId", "uploads", "versionId", "versioning",
        "versions", "website", "response-content-type", "response-content-language", "response-expires",
        "response-cache-control", "response-content-disposition", "response-content-encoding",
    };

    public static string StringToSign(string verb, string contentMd5, string contentType, string date,
        IEnumerable<KeyValuePair<string, string>> headers, string resourcePath, IEnumerable<KeyValuePair<string, string>> subResources)
    {
        var sb = new StringBuilder();
        sb.Append(verb).Append('\n').Append(contentMd5).Append('\n').Append(contentType).Append('\n').Append(date).Append('\n');
        foreach (var (name, value) in headers
                     .Select(h => (Name: h.Key.ToLowerInvariant(), Value: h.Value.Trim()))
                     .Where(h => h.Name.StartsWith("x-jss-", StringComparison.Ordinal))
                     .OrderBy(h => h.Name, StringComparer.Ordinal))
        {
            sb.Append(name).Append(':').Append(value).Append('\n');
        }

        sb.Append(resourcePath);
        var sub = subResources.Select(p => p.Value.Length == 0 ? p.Key : p.Key + "=" + p.Value).ToList();
        if (sub.Count > 0)
        {
            sb.Append('?').AppendJoin('&', sub);
        }

        return sb.ToString();
    }

    public static string Sign(string secretKey, string stringToSign) =>
        Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secretKey), Encoding.UTF8.GetBytes(stringToSign)));
}
