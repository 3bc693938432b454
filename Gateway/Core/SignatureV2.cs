using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Orleans.Multipart.Gateway.Core;

/// <summary>
/// The AWS Signature V2 family (S3 V2; WOS with x-wos- headers; JSS with x-jss-; QingStor with x-qs-
/// and HMAC-SHA256): <c>VERB\nContent-MD5\nContent-Type\nDate\n</c> + the vendor's headers
/// (lowercased, sorted, <c>name:value\n</c>) + the resource path and its sub-resources (sorted, values
/// decoded). One canonicalisation for every dialect that signs this way; each supplies its header
/// prefixes, sub-resource names and scheme word (<see cref="SchemeCredential"/>).
/// </summary>
public static class SignatureV2
{
    public static string StringToSign(string verb, string contentMd5, string contentType, string date,
        IEnumerable<KeyValuePair<string, string>> headers, IReadOnlyCollection<string> headerPrefixes,
        string resourcePath, IEnumerable<KeyValuePair<string, string>> query, IReadOnlySet<string> subResources) =>
        StringToSign(verb, contentMd5, contentType, date, headers, headerPrefixes, resourcePath,
            query.Where(p => subResources.Contains(p.Key)).OrderBy(p => p.Key, StringComparer.Ordinal));

    /// <summary>The string to sign with the signed sub-resources already chosen and ordered by the caller (JSS verifies the order sent, too).</summary>
    public static string StringToSign(string verb, string contentMd5, string contentType, string date,
        IEnumerable<KeyValuePair<string, string>> headers, IReadOnlyCollection<string> headerPrefixes,
        string resourcePath, IEnumerable<KeyValuePair<string, string>> signedSubResources)
    {
        var sb = new StringBuilder();
        sb.Append(verb).Append('\n').Append(contentMd5).Append('\n').Append(contentType).Append('\n').Append(date).Append('\n');
        foreach (var (name, value) in headers
                     .Select(h => (Name: h.Key.ToLowerInvariant(), h.Value))
                     .Where(h => headerPrefixes.Any(p => h.Name.StartsWith(p, StringComparison.Ordinal)))
                     .GroupBy(h => h.Name)
                     .Select(g => (g.Key, string.Join(',', g.Select(h => h.Value.Trim()))))
                     .OrderBy(h => h.Key, StringComparer.Ordinal))
        {
            sb.Append(name).Append(':').Append(value).Append('\n');
        }

        sb.Append(resourcePath);
        var sub = signedSubResources.Select(p => p.Value.Length == 0 ? p.Key : p.Key + "=" + p.Value).ToList();
        if (sub.Count > 0)
        {
            sb.Append('?').AppendJoin('&', sub);
        }

        return sb.ToString();
    }

    public static string Sign(string secretKey, string stringToSign) =>
        Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secretKey), RawHeaderEncoding.Instance.GetBytes(stringToSign)));

    /// <summary>Constant-time comparison of a computed and a provided signature.</summary>
    public static bool Matches(string expected, string provided) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(provided));

    /// <summary>
    /// The signing time of a header-signed V2-style request: the vendor's date header
    /// (<paramref name="vendorDateHeader"/>: x-amz-date, X-QS-Date), which wins when present, else Date;
    /// false when the one that counts is not a date. Both headers' text comes back for the string to sign.
    /// </summary>
    public static bool TryParseRequestDate(IHeaderDictionary headers, string vendorDateHeader, out string vendorDate, out string date, out DateTimeOffset when)
    {
        (vendorDate, date) = (headers[vendorDateHeader].ToString(), headers.Date.ToString());
        return TryParseDate(vendorDate.Length > 0 ? vendorDate : date, out when);
    }

    /// <summary>An RFC 1123 date as V2 clients send it (GMT or a numeric zone).</summary>
    public static bool TryParseDate(string value, out DateTimeOffset when)
    {
        // The weekday repeats the date and is not checked: S3 judges a date naming the wrong weekday by its
        // time (ceph/s3-tests sends "Tue, 07 Jul 2010", a Wednesday, and expects RequestTimeTooSkewed).
        var text = value.Trim();
        var comma = text.IndexOf(',');
        if (comma is > 0 and <= 9 && text[..comma].All(char.IsAsciiLetter))
        {
            text = text[(comma + 1)..].TrimStart();
        }

        return DateTimeOffset.TryParseExact(text, ["d MMM yyyy HH:mm:ss 'GMT'", "d MMM yyyy HH:mm:ss zzz"],
            CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowInnerWhite, out when);
    }
}
