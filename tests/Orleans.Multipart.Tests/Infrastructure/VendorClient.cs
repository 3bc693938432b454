using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Orleans.Multipart.Gateway.Cdcs;
using Orleans.Multipart.Gateway.Core;

namespace Orleans.Multipart.Tests.Infrastructure;

/// <summary>A raw HTTP client for a vendor dialect: it signs each request the way the vendor documents.</summary>
public abstract class VendorClient(ServiceHost host, string hostName)
{
    protected readonly HttpClient Http = host.CreateHttpClient();

    public string HostHeader { get; } = $"{hostName}:{host.BaseAddress.Port}";

    public string AccessKey { get; set; } = ServiceHost.AccessKey;

    public string SecretKey { get; set; } = ServiceHost.SecretKey;

    /// <summary>Shifts the signing clock (to provoke skew errors).</summary>
    public TimeSpan ClockOffset { get; set; }

    public bool Sign { get; set; } = true;

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

    protected static IEnumerable<KeyValuePair<string, string>> QueryPairs(string query) =>
        query.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p =>
        {
            var eq = p.IndexOf('=');
            return eq < 0 ? new KeyValuePair<string, string>(RequestTarget.Decode(p), "") : new(RequestTarget.Decode(p[..eq]), RequestTarget.Decode(p[(eq + 1)..]));
        });
}

public sealed record Reply(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string Text => Encoding.UTF8.GetString(Body);

    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var v) ? v : null;
}

/// <summary>Signs with q-sign over host and every query parameter, as the COS/CDCS SDKs do.</summary>
public sealed class CdcsClient(ServiceHost host) : VendorClient(host, "cdcs.test")
{
    public TimeSpan Validity { get; set; } = TimeSpan.FromMinutes(10);

    protected override void SignRequest(HttpRequestMessage request, string path, string query, DateTimeOffset now)
    {
        var start = now.ToUnixTimeSeconds();
        var window = $"{start};{start + (long)Validity.TotalSeconds}";
        var parameters = QueryPairs(query).ToList();
        var headers = new List<KeyValuePair<string, string>> { new("host", HostHeader) };
        if (request.Content?.Headers.ContentMD5 is { } md5)
        {
            headers.Add(new("content-md5", Convert.ToBase64String(md5)));
        }

        var signature = CdcsSigner.Signature(SecretKey, request.Method.Method, RequestTarget.Decode(path), window, window, parameters, headers);
        request.Headers.TryAddWithoutValidation("Authorization",
            $"q-sign-algorithm=sha1&q-ak={AccessKey}&q-sign-time={window}&q-key-time={window}&q-header-list={CdcsSigner.NameList(headers.Select(h => h.Key))}&q-url-param-list={CdcsSigner.NameList(parameters.Select(p => p.Key))}&q-signature={signature}");
    }
}
