using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Orleans.Multipart.Tests.Infrastructure;

/// <summary>The admin API as a test calls it: SigV4-signed JSON requests (the root key unless told), answers as JSON nodes.</summary>
public sealed class AdminHttp(Uri baseAddress, string? accessKey = null, string? secretKey = null) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(5) };

    public sealed record Answer(HttpStatusCode Status, string Text)
    {
        public JsonNode? Json => Text.Length == 0 ? null : JsonNode.Parse(Text);

        public string? Error => Json?["error"]?.GetValue<string>();
    }

    public Task<Answer> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<Answer> PostAsync(string path, object? document = null) => SendAsync(HttpMethod.Post, path, document);

    public Task<Answer> PutAsync(string path, object? document) => SendAsync(HttpMethod.Put, path, document);

    public Task<Answer> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path);

    /// <summary>Sends <paramref name="document"/> (serialized, or a string as it is) signed, or unsigned when <paramref name="signed"/> is false.</summary>
    public async Task<Answer> SendAsync(HttpMethod method, string path, object? document = null, bool signed = true, string? signAs = null, string? signWith = null)
    {
        var body = document switch
        {
            null => [],
            string text => Encoding.UTF8.GetBytes(text),
            _ => Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(document, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web))),
        };
        using var request = new HttpRequestMessage(method, new Uri(_http.BaseAddress!, "-/admin/" + path));
        if (body.Length > 0)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }

        if (signed)
        {
            TestSigV4Signer.Sign(request, signAs ?? accessKey ?? ServiceHost.AccessKey, signWith ?? secretKey ?? ServiceHost.SecretKey, DateTimeOffset.UtcNow, TestSigV4Signer.Sha256Hex(body));
        }

        using var response = await _http.SendAsync(request);
        return new Answer(response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public void Dispose() => _http.Dispose();
}
