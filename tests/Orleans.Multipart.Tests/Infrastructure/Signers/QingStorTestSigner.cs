using System.Security.Cryptography;
using System.Text;

namespace Orleans.Multipart.Tests.Infrastructure.Signers;

/// <summary>
/// The QingStor signature (QS, HMAC-SHA256), written from dialects.md and seed 003 only and pinned
/// to the vectors documented there.
/// </summary>
public static class QingStorTestSigner
{
    /// <summary>The only query keys that are signed; limit, markers and prefix are not.</summary>
    public static readonly IReadOnlySet<string> SignedKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        "acl", "append", "cname", "cors", "delete", "image", "lifecycle", "logging", "mirror", "notification", "part_number", "policy",
        "position", "replication", "stats", "upload_id", "uploads", "versioning", "version_id", "versions", "response-expires",
        "response-cache-control", "response-content-type", "response-content-language", "response-content-encoding",
        "response-content-disposition",
    };

    /// <summary>"/" for the service root (no bucket), "/bucket/" for the bucket root, else "/bucket" + escaped key path; then the signed sub-resources.</summary>
    /// <param name="decodedPath">The object part of the path, decoded, starting with "/" ("/" or "" for the bucket root).</param>
    public static string CanonicalResource(string? bucket, string decodedPath, IEnumerable<KeyValuePair<string, string>> query)
    {
        var resource = bucket is null ? "/" : "/" + bucket + (decodedPath.Length == 0 ? "/" : EscapePath(decodedPath));
        var signed = query.Where(p => SignedKeys.Contains(p.Key)).OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => p.Value.Length == 0 ? p.Key : $"{p.Key}={p.Value}").ToList();
        return signed.Count == 0 ? resource : resource + "?" + string.Join('&', signed);
    }

    /// <summary>Query-escape (RFC 3986 unreserved kept, space as %20), then "/" and "=" back to themselves.</summary>
    public static string EscapePath(string decodedPath) =>
        Uri.EscapeDataString(decodedPath).Replace("%2F", "/", StringComparison.Ordinal).Replace("%3D", "=", StringComparison.Ordinal);

    /// <param name="headers">Every request header; all x-qs-* are signed, and with X-QS-Date the Date line is empty.</param>
    public static string StringToSign(string verb, string contentMd5, string contentType, string date, IEnumerable<KeyValuePair<string, string>> headers, string canonicalResource)
    {
        var qs = headers.Select(h => (Name: h.Key.ToLowerInvariant(), Value: h.Value.Trim()))
            .Where(h => h.Name.StartsWith("x-qs-", StringComparison.Ordinal)).OrderBy(h => h.Name, StringComparer.Ordinal).ToList();
        var sb = new StringBuilder().Append(verb).Append('\n').Append(contentMd5).Append('\n').Append(contentType).Append('\n')
            .Append(qs.Any(h => h.Name == "x-qs-date") ? "" : date).Append('\n');
        foreach (var (name, value) in qs)
        {
            sb.Append(name).Append(':').Append(value).Append('\n');
        }

        return sb.Append(canonicalResource).ToString();
    }

    public static string Sign(string secretKey, string stringToSign) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secretKey), Encoding.UTF8.GetBytes(stringToSign)));
}
