using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Orleans.Multipart.Tests.Infrastructure;

/// <summary>
/// A minimal SigV4 client signer for raw HTTP tests (requests the SDK will not send, such as a
/// golden replay or deliberately broken ones). Proven against AWS's documented example in the unit tests.
/// </summary>
public static class TestSigV4Signer
{
    public static void Sign(HttpRequestMessage request, string accessKey, string secretKey, DateTimeOffset now, string payloadHash, string region = "us-east-1", string? hostHeader = null)
    {
        var amzDate = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = amzDate[..8];
        var uri = request.RequestUri!;
        request.Headers.Host = hostHeader ?? (uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}");
        request.Headers.Remove("x-amz-date");
        request.Headers.Remove("x-amz-content-sha256");
        request.Headers.TryAddWithoutValidation("x-amz-date", amzDate);
        request.Headers.TryAddWithoutValidation("x-amz-content-sha256", payloadHash);

        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var h in request.Headers)
        {
            headers[h.Key.ToLowerInvariant()] = string.Join(",", h.Value).Trim();
        }

        if (request.Content is not null)
        {
            // As sent: a list header such as Content-Encoding keeps the client's spacing.
            foreach (var h in request.Content.Headers.NonValidated)
            {
                headers[h.Key.ToLowerInvariant()] = string.Join(",", h.Value).Trim();
            }
        }

        var signedHeaders = string.Join(";", headers.Keys);
        var canonical = Canonical(request.Method.Method, uri.AbsolutePath, uri.Query, headers, signedHeaders, payloadHash);
        var signature = Signature(secretKey, date, region, amzDate, canonical);
        request.Headers.TryAddWithoutValidation("Authorization", $"AWS4-HMAC-SHA256 Credential={accessKey}/{date}/{region}/s3/aws4_request, SignedHeaders={signedHeaders}, Signature={signature}");
    }

    public static string Canonical(string method, string encodedPath, string query, IReadOnlyDictionary<string, string> headers, string signedHeaders, string payloadHash)
    {
        var pairs = query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Contains('=') ? p : p + "=")
            .OrderBy(p => p, StringComparer.Ordinal);
        var sb = new StringBuilder();
        sb.Append(method).Append('\n').Append(encodedPath).Append('\n').AppendJoin('&', pairs).Append('\n');
        foreach (var name in signedHeaders.Split(';'))
        {
            sb.Append(name).Append(':').Append(headers[name]).Append('\n');
        }

        sb.Append('\n').Append(signedHeaders).Append('\n').Append(payloadHash);
        return sb.ToString();
    }

    /// <summary>SigV4 over the canonical request's bytes in <paramref name="canonicalEncoding"/> (UTF-8 unless a test sends other bytes).</summary>
    public static string Signature(string secretKey, string date, string region, string amzDate, string canonicalRequest, Encoding? canonicalEncoding = null)
    {
        var scope = $"{date}/{region}/s3/aws4_request";
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Hex(SHA256.HashData((canonicalEncoding ?? Encoding.UTF8).GetBytes(canonicalRequest)))}";
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secretKey), Encoding.UTF8.GetBytes(date));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(region));
        key = HMACSHA256.HashData(key, "s3"u8.ToArray());
        key = HMACSHA256.HashData(key, "aws4_request"u8.ToArray());
        return Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
    }

    public static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    public static string Sha256Hex(byte[] body) => Hex(SHA256.HashData(body));

    /// <summary>Sends a signed request with an optional body; returns the response.</summary>
    public static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string pathAndQuery, byte[]? body = null,
        string? secretKey = null, string? accessKey = null, DateTimeOffset? now = null, Action<HttpRequestMessage>? customize = null, string? hostHeader = null)
    {
        var request = new HttpRequestMessage(method, new Uri(client.BaseAddress!, pathAndQuery));
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        }

        customize?.Invoke(request);
        Sign(request, accessKey ?? ServiceHost.AccessKey, secretKey ?? ServiceHost.SecretKey, now ?? DateTimeOffset.UtcNow, Sha256Hex(body ?? []), hostHeader: hostHeader);
        return await client.SendAsync(request);
    }
}
