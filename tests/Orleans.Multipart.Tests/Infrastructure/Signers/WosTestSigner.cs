using System.Security.Cryptography;
using System.Text;

namespace Orleans.Multipart.Tests.Infrastructure.Signers;

/// <summary>
/// The wos signature (AWS Signature V2 with x-wos- headers), written from dialects.md and seed 002
/// only: base64(HMAC-SHA1(SK, VERB\n Content-MD5\n Content-Type\n Date\n CanonicalizedWOSHeaders CanonicalizedResource)).
/// </summary>
public static class WosTestSigner
{
    /// <summary>The query keys that belong to the resource (the seed's uploads, uploadId, partNumber, and S3's others).</summary>
    public static readonly IReadOnlySet<string> SubResources = new HashSet<string>(StringComparer.Ordinal)
    {
        "acl", "cors", "delete", "lifecycle", "location", "logging", "notification", "partNumber", "policy", "requestPayment",
        "restore", "tagging", "torrent", "uploadId", "uploads", "versionId", "versioning", "versions", "website",
        "response-cache-control", "response-content-disposition", "response-content-encoding", "response-content-language",
        "response-content-type", "response-expires",
    };

    /// <param name="dateOrExpires">The Date header, or a presigned URL's Expires.</param>
    /// <param name="headers">Every request header; only x-wos-* (and legacy x-amz-*) are signed.</param>
    /// <param name="resourcePath">The resource path: <see cref="CanonicalPath"/> (the document's form), or the path as sent (AWS SigV2's path-style form, which boto3 signs).</param>
    /// <param name="query">Decoded query pairs; only sub-resources are signed.</param>
    public static string StringToSign(string verb, string contentMd5, string contentType, string dateOrExpires,
        IEnumerable<KeyValuePair<string, string>> headers, string resourcePath, IEnumerable<KeyValuePair<string, string>> query)
    {
        var sb = new StringBuilder().Append(verb).Append('\n').Append(contentMd5).Append('\n').Append(contentType).Append('\n').Append(dateOrExpires).Append('\n');
        foreach (var group in headers.Select(h => (Name: h.Key.ToLowerInvariant(), Value: h.Value.Trim()))
                     .Where(h => h.Name.StartsWith("x-wos-", StringComparison.Ordinal) || h.Name.StartsWith("x-amz-", StringComparison.Ordinal))
                     .GroupBy(h => h.Name).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            sb.Append(group.Key).Append(':').AppendJoin(',', group.Select(h => h.Value)).Append('\n');
        }

        sb.Append(resourcePath);
        var sub = query.Where(p => SubResources.Contains(p.Key)).OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => p.Value.Length == 0 ? p.Key : $"{p.Key}={p.Value}").ToList();
        if (sub.Count > 0)
        {
            sb.Append('?').AppendJoin('&', sub);
        }

        return sb.ToString();
    }

    /// <summary>dialects.md's CanonicalizedResource path: "/bucket/key", "/bucket/" without key, "/" without bucket (key as sent, encoded).</summary>
    public static string CanonicalPath(string? bucket, string encodedKey) =>
        bucket is null ? "/" : $"/{bucket}/{encodedKey}";

    public static string Sign(string secretKey, string stringToSign) =>
        Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secretKey), Encoding.UTF8.GetBytes(stringToSign)));
}
