using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;

namespace Orleans.Multipart.Bench.Harness;

/// <summary>
/// The load generator's S3 client: SigV4 header signing (UNSIGNED-PAYLOAD, as SDKs do over TLS) with
/// the signing key cached per day, one pooled HttpClient, bodies sent from shared buffers. It costs
/// little per request so that the server, not the client, is measured.
/// </summary>
public sealed class SigV4Client(string name, Uri baseUri, string accessKey, string secretKey, int connections)
{
    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        PooledConnectionLifetime = TimeSpan.FromMinutes(10),
        UseProxy = false,
    })
    { BaseAddress = baseUri, Timeout = TimeSpan.FromMinutes(10) };

    private readonly string _host = baseUri.IsDefaultPort ? baseUri.Host : $"{baseUri.Host}:{baseUri.Port}";
    private (string Date, byte[] Key) _signingKey;

    public string Name => name;

    public Uri BaseUri => baseUri;

    public async Task CreateBucketAsync(string bucket)
    {
        using var response = await SendAsync(HttpMethod.Put, "/" + bucket, "", null);
        if (!response.IsSuccessStatusCode && (int)response.StatusCode != 409)
        {
            throw new InvalidOperationException($"{name}: CreateBucket {bucket} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    public async Task<string> InitiateAsync(string bucket, string key)
    {
        using var response = await SendAsync(HttpMethod.Post, $"/{bucket}/{key}", "uploads=", null);
        var body = await Expect(response, "Initiate");
        return XDocument.Parse(body).Root!.Elements().First(e => e.Name.LocalName == "UploadId").Value;
    }

    public async Task<string> UploadPartAsync(string bucket, string key, string uploadId, int partNumber, ReadOnlyMemory<byte> data)
    {
        using var response = await SendAsync(HttpMethod.Put, $"/{bucket}/{key}", $"partNumber={partNumber}&uploadId={uploadId}", new ReadOnlyMemoryContent(data));
        await Expect(response, "UploadPart");
        return response.Headers.ETag?.Tag ?? throw new InvalidOperationException($"{name}: UploadPart answered no ETag");
    }

    public async Task CompleteAsync(string bucket, string key, string uploadId, IReadOnlyList<(int Number, string ETag)> parts)
    {
        var xml = new StringBuilder("<CompleteMultipartUpload>");
        foreach (var (number, etag) in parts)
        {
            xml.Append("<Part><PartNumber>").Append(number).Append("</PartNumber><ETag>").Append(etag).Append("</ETag></Part>");
        }

        xml.Append("</CompleteMultipartUpload>");
        using var response = await SendAsync(HttpMethod.Post, $"/{bucket}/{key}", $"uploadId={uploadId}", new StringContent(xml.ToString(), Encoding.UTF8, "application/xml"));
        var body = await Expect(response, "Complete");
        if (body.Contains("<Error>", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{name}: Complete failed: {body}");
        }
    }

    /// <summary>GetObject read to the end into one reused buffer (nothing kept); returns the bytes received.</summary>
    public async Task<long> GetToSinkAsync(string bucket, string key, byte[] buffer)
    {
        using var response = await SendAsync(HttpMethod.Get, $"/{bucket}/{key}", "", null, HttpCompletionOption.ResponseHeadersRead);
        if (!response.IsSuccessStatusCode)
        {
            await Expect(response, "GetObject");
        }

        await using var body = await response.Content.ReadAsStreamAsync();
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            total += read;
        }

        return total;
    }

    public async Task AbortAsync(string bucket, string key, string uploadId)
    {
        using var response = await SendAsync(HttpMethod.Delete, $"/{bucket}/{key}", $"uploadId={uploadId}", null);
        await Expect(response, "Abort");
    }

    /// <summary>
    /// A JSON POST to the service's admin API (<c>/-/admin/{path}</c>), signed with the body's SHA-256 (the admin API
    /// takes no unsigned payload): its status and text. For setting up, not measuring.
    /// </summary>
    public async Task<(System.Net.HttpStatusCode Status, string Text)> AdminPostAsync(string path, string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await SendAsync(HttpMethod.Post, "/-/admin/" + path, "", content, payload: Convert.ToHexStringLower(SHA256.HashData(body)));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<string> Expect(HttpResponseMessage response, string what)
    {
        var body = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode ? body : throw new InvalidOperationException($"{what} answered {(int)response.StatusCode}: {body}");
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string query, HttpContent? content, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead, string payload = "UNSIGNED-PAYLOAD")
    {
        var request = new HttpRequestMessage(method, path + (query.Length > 0 ? "?" + query : "")) { Content = content };
        var now = DateTime.UtcNow;
        var amzDate = now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = amzDate[..8];
        var canonicalQuery = string.Join('&', query.Split('&', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
        var canonical = $"{method.Method}\n{path}\n{canonicalQuery}\nhost:{_host}\nx-amz-content-sha256:{payload}\nx-amz-date:{amzDate}\n\nhost;x-amz-content-sha256;x-amz-date\n{payload}";
        var scope = $"{date}/us-east-1/s3/aws4_request";
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(SigningKey(date), Encoding.UTF8.GetBytes(stringToSign)));
        request.Headers.TryAddWithoutValidation("x-amz-date", amzDate);
        request.Headers.TryAddWithoutValidation("x-amz-content-sha256", payload);
        request.Headers.TryAddWithoutValidation("Authorization", $"AWS4-HMAC-SHA256 Credential={accessKey}/{scope}, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature={signature}");
        return _http.SendAsync(request, completion);
    }

    private byte[] SigningKey(string date)
    {
        var cached = _signingKey;
        if (cached.Date == date)
        {
            return cached.Key;
        }

        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secretKey), Encoding.UTF8.GetBytes(date));
        key = HMACSHA256.HashData(key, "us-east-1"u8.ToArray());
        key = HMACSHA256.HashData(key, "s3"u8.ToArray());
        key = HMACSHA256.HashData(key, "aws4_request"u8.ToArray());
        _signingKey = (date, key);
        return key;
    }
}
