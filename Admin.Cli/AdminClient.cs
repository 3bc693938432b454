using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orleans.Multipart.Admin.Cli;

/// <summary>An admin API answer that is an error: its status and the API's <c>{ "error", "message" }</c>.</summary>
internal sealed class AdminApiException(int status, string code, string message) : Exception(message)
{
    public int Status { get; } = status;

    public string Code { get; } = code;
}

/// <summary>The admin API over HTTP: each call signed (<see cref="AdminSigner"/>), answers as JSON nodes, errors as <see cref="AdminApiException"/>.</summary>
internal sealed class AdminClient(Uri endpoint, string accessKey, string secretKey) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromMinutes(2) };

    public async Task<JsonNode?> SendAsync(HttpMethod method, string path, object? document = null, string? rawBody = null, CancellationToken cancellationToken = default)
    {
        var body = rawBody is not null ? Encoding.UTF8.GetBytes(rawBody)
            : document is not null ? JsonSerializer.SerializeToUtf8Bytes(document, Json)
            : [];
        using var request = new HttpRequestMessage(method, new Uri(endpoint, "/-/admin/" + path));
        if (body.Length > 0)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }

        AdminSigner.Sign(request, body, accessKey, secretKey, DateTimeOffset.UtcNow);
        using var response = await _http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var (code, message) = ErrorOf(text, response.StatusCode);
            throw new AdminApiException((int)response.StatusCode, code, message);
        }

        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private static (string Code, string Message) ErrorOf(string text, HttpStatusCode status)
    {
        try
        {
            if (JsonNode.Parse(text) is JsonObject error)
            {
                return (error["error"]?.GetValue<string>() ?? status.ToString(), error["message"]?.GetValue<string>() ?? "");
            }
        }
        catch (JsonException)
        {
        }

        return (status.ToString(), $"The endpoint answered {(int)status} without an admin API error (is --endpoint the service's, and the admin API enabled on that port?).");
    }

    public void Dispose() => _http.Dispose();
}
