using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Orleans.Multipart.Tests.Infrastructure.Signers;

namespace Orleans.Multipart.Tests.Infrastructure;

/// <summary>
/// A raw HTTP client for a vendor dialect: it signs each request the way the vendor documents, with
/// the test signers of <see cref="Signers"/> (written from the documents, never the gateway's code).
/// </summary>
public abstract class VendorClient(IHttpEntryPoint host, string hostName)
{
    protected readonly HttpClient Http = host.CreateHttpClient();

    public string HostHeader { get; } = $"{hostName}:{host.BaseAddress.Port}";

    public string AccessKey { get; set; } = ServiceHost.AccessKey;

    public string SecretKey { get; set; } = ServiceHost.SecretKey;

    /// <summary>Shifts the signing clock (to provoke skew errors).</summary>
    public TimeSpan ClockOffset { get; set; }

    public bool Sign { get; set; } = true;

    /// <summary>Sends the body with Transfer-Encoding: chunked and no Content-Length.</summary>
    public bool Chunked { get; set; }

    public async Task<Reply> SendAsync(HttpMethod method, string path, string query = "", byte[]? body = null, IDictionary<string, string>? headers = null)
    {
        var request = new HttpRequestMessage(method, new Uri(Http.BaseAddress!, path + (query.Length > 0 ? "?" + query : "")));
        request.Headers.Host = HostHeader;
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content ??= new ByteArrayContent([]);
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        if (Chunked)
        {
            request.Headers.TransferEncodingChunked = true;
        }

        if (Sign)
        {
            SignRequest(request, path, query, DateTimeOffset.UtcNow + ClockOffset);
        }

        using var response = await Http.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var allHeaders = response.Headers.Concat(response.Content.Headers).ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(",", h.Value));
        return new Reply((int)response.StatusCode, allHeaders, bytes);
    }

    protected abstract void SignRequest(HttpRequestMessage request, string path, string query, DateTimeOffset now);

    /// <summary>Sets Date and returns what the SigV2-family string-to-sign starts with (wos, qingstor, jss).</summary>
    protected static (string Date, string Md5, string ContentType, IEnumerable<KeyValuePair<string, string>> Headers) DatedHeaders(HttpRequestMessage request, DateTimeOffset now)
    {
        var date = now.UtcDateTime.ToString("r", CultureInfo.InvariantCulture);
        request.Headers.TryAddWithoutValidation("Date", date);
        var md5 = request.Content?.Headers.ContentMD5 is { } m ? Convert.ToBase64String(m) : "";
        var type = request.Content?.Headers.ContentType?.ToString() ?? "";
        return (date, md5, type, request.Headers.Select(h => new KeyValuePair<string, string>(h.Key, string.Join(",", h.Value))).ToList());
    }

    /// <summary>Percent-decoding of a path or query component ("+" is a plus sign, as in a path).</summary>
    protected static string Decode(string component) => Uri.UnescapeDataString(component);

    protected static IEnumerable<KeyValuePair<string, string>> QueryPairs(string query) =>
        query.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p =>
        {
            var eq = p.IndexOf('=');
            return eq < 0 ? new KeyValuePair<string, string>(Decode(p), "") : new(Decode(p[..eq]), Decode(p[(eq + 1)..]));
        });
}

public sealed record Reply(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string Text => Encoding.UTF8.GetString(Body);

    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var v) ? v : null;
}

/// <summary>Signs with q-sign over host (and Content-MD5 when sent) and every query parameter, as the COS/CDCS SDKs do.</summary>
public sealed class CdcsClient(IHttpEntryPoint host) : VendorClient(host, "cdcs.test")
{
    public TimeSpan Validity { get; set; } = TimeSpan.FromMinutes(10);

    protected override void SignRequest(HttpRequestMessage request, string path, string query, DateTimeOffset now)
    {
        var start = now.ToUnixTimeSeconds();
        var headers = new List<KeyValuePair<string, string>> { new("host", HostHeader) };
        if (request.Content?.Headers.ContentMD5 is { } md5)
        {
            headers.Add(new("content-md5", Convert.ToBase64String(md5)));
        }

        request.Headers.TryAddWithoutValidation("Authorization",
            CdcsTestSigner.Authorization(AccessKey, SecretKey, request.Method.Method, Decode(path), start, start + (long)Validity.TotalSeconds, QueryPairs(query), headers));
    }
}

/// <summary>Signs as the WOS documentation says: Date header, x-wos- headers, sub-resources in the resource.</summary>
public sealed class WosClient(IHttpEntryPoint host, string hostName = "wos.test") : VendorClient(host, hostName)
{
    public string Prefix { get; set; } = "WOS";

    /// <summary>When set, the query string signed differs from the one sent (to provoke the seed's rule).</summary>
    public string? SignedQueryOverride { get; set; }

    /// <summary>
    /// Sign a bucket-level path-style request over dialects.md's "/bucket/" instead of the path as sent
    /// ("/bucket", AWS SigV2's path-style rule, as boto3 signs it). Off by default: the gateway refuses
    /// the documented form (see WosSigningFormTests).
    /// </summary>
    public bool DocumentedBucketResource { get; set; }

    /// <summary>When set, the request is addressed virtual-host style to this bucket (Host: bucket.wos.test) and signed over "/bucket/key".</summary>
    public string? VirtualHostBucket { get; init; }

    protected override void SignRequest(HttpRequestMessage request, string path, string query, DateTimeOffset now)
    {
        var (date, md5, type, headers) = DatedHeaders(request, now);
        string resource;
        if (VirtualHostBucket is not null)
        {
            resource = WosTestSigner.CanonicalPath(VirtualHostBucket, path.TrimStart('/'));
        }
        else
        {
            var segments = path.TrimStart('/').Split('/', 2);
            resource = path == "/" ? "/" : segments.Length == 1 && DocumentedBucketResource ? WosTestSigner.CanonicalPath(segments[0], "") : path;
        }

        var toSign = WosTestSigner.StringToSign(request.Method.Method, md5, type, date, headers, resource, QueryPairs(SignedQueryOverride ?? query));
        request.Headers.TryAddWithoutValidation("Authorization", $"{Prefix} {AccessKey}:{WosTestSigner.Sign(SecretKey, toSign)}");
    }
}

/// <summary>Signs as the QingStor documentation says: QS HMAC-SHA256 over Date, x-qs- headers and the listed sub-resources.</summary>
public sealed class QingStorClient(IHttpEntryPoint host, string hostName = "pek3a.qingstor.test") : VendorClient(host, hostName)
{
    private const string ZoneSuffix = ".pek3a.qingstor.test";

    protected override void SignRequest(HttpRequestMessage request, string path, string query, DateTimeOffset now)
    {
        var (date, md5, type, headers) = DatedHeaders(request, now);
        var hostName = HostHeader.Split(':')[0];
        string? bucket;
        string objectPath;
        if (hostName.EndsWith(ZoneSuffix, StringComparison.Ordinal))
        {
            (bucket, objectPath) = (hostName[..^ZoneSuffix.Length], Decode(path) is "/" ? "" : Decode(path));
        }
        else
        {
            // Path style: the first segment is the bucket; "/" alone is the service root.
            var decoded = Decode(path).TrimStart('/');
            var slash = decoded.IndexOf('/');
            (bucket, objectPath) = decoded.Length == 0 ? (null, "") : slash < 0 ? (decoded, "") : (decoded[..slash], decoded[slash..] is "/" ? "" : decoded[slash..]);
        }

        var toSign = QingStorTestSigner.StringToSign(request.Method.Method, md5, type, date, headers, QingStorTestSigner.CanonicalResource(bucket, objectPath, QueryPairs(query)));
        request.Headers.TryAddWithoutValidation("Authorization", $"QS {AccessKey}:{QingStorTestSigner.Sign(SecretKey, toSign)}");
    }
}

/// <summary>Signs as the JSS documentation says: jingdong HMAC-SHA1, x-jss- headers, sub-resources in the order sent.</summary>
public sealed class JssClient(IHttpEntryPoint host, string hostName = "s.jss.test") : VendorClient(host, hostName)
{
    private const string ServiceSuffix = ".s.jss.test";

    protected override void SignRequest(HttpRequestMessage request, string path, string query, DateTimeOffset now)
    {
        var (date, md5, type, headers) = DatedHeaders(request, now);
        var hostName = HostHeader.Split(':')[0];
        var decoded = Decode(path).TrimStart('/');
        string? bucket;
        string key;
        if (hostName.EndsWith(ServiceSuffix, StringComparison.Ordinal))
        {
            (bucket, key) = (hostName[..^ServiceSuffix.Length], decoded);
        }
        else
        {
            var slash = decoded.IndexOf('/');
            (bucket, key) = decoded.Length == 0 ? (null, "") : slash < 0 ? (decoded, "") : (decoded[..slash], decoded[(slash + 1)..]);
        }

        var toSign = JssTestSigner.StringToSign(request.Method.Method, md5, type, date, headers, JssTestSigner.CanonicalResource(bucket, key, QueryPairs(query)));
        request.Headers.TryAddWithoutValidation("Authorization", $"jingdong {AccessKey}:{JssTestSigner.Sign(SecretKey, toSign)}");
    }
}
