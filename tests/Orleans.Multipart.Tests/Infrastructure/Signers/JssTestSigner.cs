using System.Security.Cryptography;
using System.Text;

namespace Orleans.Multipart.Tests.Infrastructure.Signers;

/// <summary>
/// The jss signature (jingdong, HMAC-SHA1), written from dialects.md and seed 004 only and pinned to
/// the vector documented there.
/// </summary>
public static class JssTestSigner
{
    public static readonly IReadOnlySet<string> SubResources = new HashSet<string>(StringComparer.Ordinal)
    {
        "acl", "lifecycle", "location", "logging", "partNumber", "policy", "uploadId", "uploads", "versionId", "versioning", "versions", "website",
        "response-cache-control", "response-content-disposition", "response-content-encoding", "response-content-language",
        "response-content-type", "response-expires",
    };

    /// <summary>"/Bucket/Object", "/Bucket" or "/", decoded (the document signs UTF8(StringToSign)), then "?" and the sub-resources in the order given.</summary>
    public static string CanonicalResource(string? bucket, string decodedKey, IEnumerable<KeyValuePair<string, string>> query)
    {
        var resource = bucket is null ? "/" : "/" + bucket + (decodedKey.Length == 0 ? "" : "/" + decodedKey);
        // The document's example keeps the order sent (uploadId=..&partNumber=..): the service accepts either order.
        var sub = query.Where(p => SubResources.Contains(p.Key)).Select(p => p.Value.Length == 0 ? p.Key : $"{p.Key}={p.Value}").ToList();
        return sub.Count == 0 ? resource : resource + "?" + string.Join('&', sub);
    }

    /// <param name="headers">Every request header; only x-jss-* are signed.</param>
    public static string StringToSign(string verb, string contentMd5, string contentType, string date, IEnumerable<KeyValuePair<string, string>> headers, string canonicalResource)
    {
        var sb = new StringBuilder().Append(verb).Append('\n').Append(contentMd5).Append('\n').Append(contentType).Append('\n').Append(date).Append('\n');
        foreach (var (name, value) in headers.Select(h => (Name: h.Key.ToLowerInvariant(), Value: h.Value.Trim()))
                     .Where(h => h.Name.StartsWith("x-jss-", StringComparison.Ordinal)).OrderBy(h => h.Name, StringComparer.Ordinal))
        {
            sb.Append(name).Append(':').Append(value).Append('\n');
        }

        return sb.Append(canonicalResource).ToString();
    }

    public static string Sign(string secretKey, string stringToSign) =>
        Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secretKey), Encoding.UTF8.GetBytes(stringToSign)));
}
