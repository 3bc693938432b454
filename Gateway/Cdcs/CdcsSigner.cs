using System.Security.Cryptography;
using System.Text;

namespace Orleans.Multipart.Gateway.Cdcs;

/// <summary>
/// CDCS request signing (q-sign, the Tencent COS algorithm): a key derived from the key-time
/// window, an HttpString of the method, the decoded path and the parameters and headers the client
/// chose to sign (named in q-url-param-list / q-header-list), HMAC-SHA1 throughout.
/// </summary>
internal static class CdcsSigner
{
    /// <param name="parameters">The signed query parameters, names as sent.</param>
    /// <param name="headers">The signed headers, names as sent.</param>
    public static string Signature(string secretKey, string method, string decodedPath, string signTime, string keyTime,
        IEnumerable<KeyValuePair<string, string>> parameters, IEnumerable<KeyValuePair<string, string>> headers)
    {
        var signKey = Convert.ToHexStringLower(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secretKey), Encoding.UTF8.GetBytes(keyTime)));
        var httpString = $"{method.ToLowerInvariant()}\n{decodedPath}\n{Canonical(parameters)}\n{Canonical(headers)}\n";
        var stringToSign = $"sha1\n{signTime}\n{Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(httpString)))}\n";
        return Convert.ToHexStringLower(HMACSHA1.HashData(Encoding.UTF8.GetBytes(signKey), Encoding.UTF8.GetBytes(stringToSign)));
    }

    /// <summary>k1=v1&amp;k2=v2 with lowercase encoded keys, encoded values, sorted by key.</summary>
    public static string Canonical(IEnumerable<KeyValuePair<string, string>> pairs) =>
        string.Join('&', pairs
            .Select(p => (Key: RequestTarget.UriEncode(p.Key, false).ToLowerInvariant(), Value: RequestTarget.UriEncode(p.Value, false)))
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => p.Key + "=" + p.Value));

    /// <summary>The semicolon list of lowercase encoded names, sorted, as q-header-list / q-url-param-list carry it.</summary>
    public static string NameList(IEnumerable<string> names) =>
        string.Join(';', names.Select(n => RequestTarget.UriEncode(n, false).ToLowerInvariant()).Order(StringComparer.Ordinal));
}
