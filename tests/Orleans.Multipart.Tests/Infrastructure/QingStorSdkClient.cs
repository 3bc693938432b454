using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Orleans.Multipart.Tests.Infrastructure;

/// <summary>
/// Builds, signs and sends a request byte for byte as QingStor's own Python SDK does: qingstor-sdk 2.6.0
/// (github.com/qingstor/qingstor-sdk-python, tag v2.6.0, commit 82d50897dc96c0b30af8440294c0872ac377b00a).
/// The SDK is not installable from CI, so its Builder (qingstor/sdk/build.py) and Request
/// (qingstor/sdk/request.py) are followed step by step; each step names the lines it follows. It is written
/// from the SDK's source, never from the gateway's code, and shares nothing with the documented signer
/// (<see cref="Signers.QingStorTestSigner"/>): where the two disagree, the gateway must accept both.
/// </summary>
/// <param name="configHost">Config.host (default "qingstor.com"; here the test zone domain).</param>
/// <param name="virtualHostStyle">Config.enable_virtual_host_style, false by default (config.py:35): path style.</param>
public sealed class QingStorSdkClient(ServiceHost host, string configHost = "qingstor.test", bool virtualHostStyle = false)
{
    private readonly HttpClient _http = host.CreateHttpClient();

    public string AccessKey { get; set; } = ServiceHost.AccessKey;

    public string SecretKey { get; set; } = ServiceHost.SecretKey;

    /// <summary>The string the last request signed (to explain a failure).</summary>
    public string LastStringToSign { get; private set; } = "";

    /// <summary>
    /// One SDK operation: <paramref name="uri"/> is the operation's "URI" template (e.g. "/&lt;bucket-name&gt;/&lt;object-key&gt;?uploads"),
    /// <paramref name="parameters"/> its "Params", <paramref name="headers"/> its "Headers" (with "X-QS-MetaData" given as
    /// <paramref name="metadata"/>), <paramref name="elements"/> its "Elements" (the JSON body) and <paramref name="body"/> its "Body".
    /// </summary>
    public async Task<Reply> SendAsync(string method, string uri, string? bucket = null, string zone = "pek3a", string? objectKey = null,
        IReadOnlyDictionary<string, string?>? parameters = null, IReadOnlyDictionary<string, string>? headers = null,
        IReadOnlyDictionary<string, string>? metadata = null, JsonObject? elements = null, byte[]? body = null)
    {
        // build.py:147-153 parse_request_properties: every non-empty property is urllib.parse.quote()d (safe "/").
        var properties = new Dictionary<string, string>();
        foreach (var (name, value) in new[] { ("bucket-name", bucket), ("zone", zone), ("object-key", objectKey) })
        {
            if (!string.IsNullOrEmpty(value))
            {
                properties[name] = Quote(value);
            }
        }

        // build.py:155-171 parse_request_host: the port unless http:80, "<zone>." and, in virtual-host style, "<bucket>." in front.
        var hostHeader = $"{configHost}:{host.BaseAddress.Port}";
        if (properties.TryGetValue("zone", out var z))
        {
            hostHeader = $"{z}.{hostHeader}";
        }

        if (virtualHostStyle && properties.TryGetValue("bucket-name", out var b))
        {
            hostHeader = $"{b}.{hostHeader}";
        }

        // build.py:173-196 parse_request_uri: "/<bucket-name>" dropped in virtual-host style, properties substituted,
        // non-empty Params quote()d (build.py:65-72) and appended as "k=v", sorted together with the template's query.
        var requestUri = virtualHostStyle && uri.StartsWith("/<bucket-name>", StringComparison.Ordinal) ? uri["/<bucket-name>".Length..] : uri;
        foreach (var (name, value) in properties)
        {
            requestUri = requestUri.Replace($"<{name}>", value, StringComparison.Ordinal);
        }

        var queryStart = requestUri.IndexOf('?');
        var path = queryStart < 0 ? requestUri : requestUri[..queryStart];
        var templateQuery = queryStart < 0 ? "" : requestUri[(queryStart + 1)..];
        var pairs = (parameters ?? new Dictionary<string, string?>()).Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => $"{p.Key}={Quote(p.Value!)}").ToList();
        var query = pairs.Count == 0 ? templateQuery : string.Join('&', (templateQuery.Length > 0 ? pairs.Prepend(templateQuery) : pairs).Order(StringComparer.Ordinal));

        // build.py:74-134 parse_request_headers: names lowercased; Host, Date (helper.py:7-9), User-Agent; the
        // X-QS-MetaData dict becomes X-QS-Meta-<k> headers (build.py:104-113); Content-Type: the given one, else
        // mimetypes.guess_type(path), application/json for an Elements body, else application/octet-stream.
        var sent = new List<KeyValuePair<string, string>>();
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            sent.Add(new(name.ToLowerInvariant(), value));
        }

        var date = DateTime.UtcNow.ToString("ddd, dd MMM yyyy HH:mm:ss 'GMT'", CultureInfo.InvariantCulture);
        sent.Add(new("Date", date));
        foreach (var (name, value) in metadata ?? new Dictionary<string, string>())
        {
            sent.Add(new($"X-QS-Meta-{name}", value));
        }

        // build.py:136-145 parse_request_body: Elements are json.dumps(sort_keys=True), taking precedence over nothing but an explicit Body.
        byte[]? payload = body;
        var isJson = false;
        if (payload is null && elements is { Count: > 0 })
        {
            payload = Encoding.ASCII.GetBytes(PythonJsonDumps(elements));
            isJson = true;
        }

        var contentType = sent.FirstOrDefault(h => h.Key == "content-type").Value ?? GuessType(path);
        sent.RemoveAll(h => h.Key == "content-type");
        contentType = isJson ? "application/json" : contentType ?? "application/octet-stream";

        // request.py:96-123 get_canonicalized_resource: the (unprepared) URL's path, "/<bucket>" + path in virtual-host
        // style ("/<bucket>/" for an empty path), then the sub-resources of request.py:169-178, "k=v" as in the URL, sorted.
        var subResources = query.Split('&', StringSplitOptions.RemoveEmptyEntries).Where(p => SubResources.Contains(p.Split('=')[0])).Order(StringComparer.Ordinal).ToList();
        var resource = path;
        if (virtualHostStyle && properties.TryGetValue("bucket-name", out var bucketName))
        {
            resource = path.Length > 0 ? $"/{bucketName}{path}" : $"/{bucketName}/";
        }

        if (subResources.Count > 0)
        {
            resource += "?" + string.Join('&', subResources);
        }

        // request.py:82-94 get_canonicalized_headers and request.py:125-145 get_string_to_sign (Date line empty with x-qs-date, request.py:75-80).
        var qsHeaders = sent.Where(h => h.Key.ToLowerInvariant().StartsWith("x-qs-", StringComparison.Ordinal))
            .Select(h => (Name: h.Key.ToLowerInvariant().Trim(), Value: h.Value.Trim())).OrderBy(h => h.Name, StringComparer.Ordinal).ToList();
        var canonicalHeaders = string.Join('\n', qsHeaders.Select(h => h.Name + ":" + h.Value)) + (qsHeaders.Count > 0 ? "\n" : "");
        var dateLine = qsHeaders.Any(h => h.Name == "x-qs-date") ? "" : date;
        var md5 = sent.FirstOrDefault(h => h.Key == "content-md5").Value ?? "";
        LastStringToSign = $"{method}\n{md5}\n{contentType}\n{dateLine}\n{canonicalHeaders}{resource}";

        // request.py:147-156 get_authorization and request.py:41-48 sign: "QS <ak>:<base64 HMAC-SHA256>"; the URL sent
        // is url_quote(prepared.url) (helper.py:12-18): the path quote(unquote(path)), "/" when empty.
        var signature = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(SecretKey), Encoding.UTF8.GetBytes(LastStringToSign)));
        var wirePath = path.Length == 0 ? "/" : Quote(Uri.UnescapeDataString(path));
        var request = new HttpRequestMessage(new HttpMethod(method), new Uri(_http.BaseAddress!, wirePath + (query.Length > 0 ? "?" + query : "")));
        request.Headers.Host = hostHeader;
        request.Headers.TryAddWithoutValidation("User-Agent", "qingstor-sdk-python/2.6.0  (Python v3.11.4; linux)");
        request.Content = new ByteArrayContent(payload ?? []);
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        foreach (var (name, value) in sent)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        request.Headers.TryAddWithoutValidation("Authorization", $"QS {AccessKey}:{signature}");
        using var response = await _http.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var allHeaders = response.Headers.Concat(response.Content.Headers).ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(",", h.Value));
        return new Reply((int)response.StatusCode, allHeaders, bytes);
    }

    /// <summary>request.py:169-178 is_sub_resource (no versioning keys: the SDK sends none).</summary>
    private static readonly HashSet<string> SubResources = new(StringComparer.Ordinal)
    {
        "acl", "cors", "delete", "mirror", "part_number", "policy", "stats", "upload_id", "uploads", "image", "notification",
        "response-expires", "response-cache-control", "response-content-type", "response-content-language",
        "response-content-encoding", "response-content-disposition", "lifecycle", "logging", "replication", "append", "position", "cname",
    };

    /// <summary>Python 3's urllib.parse.quote(s) (safe "/"): UTF-8 bytes, all but A-Z a-z 0-9 _ . - ~ / as uppercase %XX.</summary>
    public static string Quote(string value)
    {
        var sb = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' or '~' or '/')
            {
                sb.Append(c);
            }
            else
            {
                sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }

    /// <summary>The part of Python's mimetypes table these tests meet (guess_type on the URL path, build.py:117-119).</summary>
    private static string? GuessType(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".txt" => "text/plain",
        ".json" => "application/json",
        ".jpg" or ".jpeg" => "image/jpeg",
        ".png" => "image/png",
        ".html" => "text/html",
        _ => null,
    };

    /// <summary>json.dumps(value, sort_keys=True): ", " and ": " separators, keys sorted, non-ASCII as lowercase \uXXXX (ensure_ascii).</summary>
    private static string PythonJsonDumps(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject o => "{" + string.Join(", ", o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => PythonString(p.Key) + ": " + PythonJsonDumps(p.Value))) + "}",
        JsonArray a => "[" + string.Join(", ", a.Select(PythonJsonDumps)) + "]",
        JsonValue v when v.TryGetValue<string>(out var s) => PythonString(s),
        JsonValue v when v.TryGetValue<bool>(out var flag) => flag ? "true" : "false",
        _ => node.ToJsonString(),
    };

    private static string PythonString(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s)
        {
            sb.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\b' => "\\b",
                '\f' => "\\f",
                _ when c < ' ' || c > '\x7f' => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }

        return sb.Append('"').ToString();
    }
}
