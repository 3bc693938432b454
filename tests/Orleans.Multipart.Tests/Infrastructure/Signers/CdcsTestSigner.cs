using System.Security.Cryptography;
using System.Text;

namespace Orleans.Multipart.Tests.Infrastructure.Signers;

/// <summary>
/// q-sign for cdcs (the Tencent COS algorithm), written from dialects.md and seed 000 only, so a
/// misread of the spec in the gateway cannot pass both sides.
/// </summary>
public static class CdcsTestSigner
{
    /// <summary>The full Authorization value: every listed header and parameter is signed.</summary>
    public static string Authorization(string accessKey, string secretKey, string method, string decodedPath, long start, long end,
        IEnumerable<KeyValuePair<string, string>> parameters, IEnumerable<KeyValuePair<string, string>> headers)
    {
        var window = $"{start};{end}";
        var (paramList, paramString) = Canonical(parameters);
        var (headerList, headerString) = Canonical(headers);
        var signature = Signature(secretKey, window, method, decodedPath, paramString, headerString);
        return $"q-sign-algorithm=sha1&q-ak={accessKey}&q-sign-time={window}&q-key-time={window}&q-header-list={headerList}&q-url-param-list={paramList}&q-signature={signature}";
    }

    /// <summary>q-signature = hex(HMAC-SHA1(hex(HMAC-SHA1(SecretKey, KeyTime)), "sha1\n" + KeyTime + "\n" + hex(SHA1(HttpString)) + "\n")).</summary>
    public static string Signature(string secretKey, string keyTime, string method, string decodedPath, string httpParameters, string httpHeaders)
    {
        var signKey = Convert.ToHexStringLower(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secretKey), Encoding.UTF8.GetBytes(keyTime)));
        var httpString = $"{method.ToLowerInvariant()}\n{decodedPath}\n{httpParameters}\n{httpHeaders}\n";
        var stringToSign = $"sha1\n{keyTime}\n{Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(httpString)))}\n";
        return Convert.ToHexStringLower(HMACSHA1.HashData(Encoding.UTF8.GetBytes(signKey), Encoding.UTF8.GetBytes(stringToSign)));
    }

    /// <summary>Keys lowercased and encoded, values encoded, sorted by key: ("k1;k2", "k1=v1&amp;k2=v2").</summary>
    public static (string NameList, string Joined) Canonical(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var sorted = pairs.Select(p => (Key: UrlEncode(p.Key).ToLowerInvariant(), Value: UrlEncode(p.Value)))
            .OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        return (string.Join(';', sorted.Select(p => p.Key)), string.Join('&', sorted.Select(p => $"{p.Key}={p.Value}")));
    }

    /// <summary>UTF-8, every byte outside A-Za-z0-9-_.~ as %XX with uppercase hex.</summary>
    public static string UrlEncode(string value)
    {
        var sb = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9') or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~')
            {
                sb.Append((char)b);
            }
            else
            {
                sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }
}
