using System.Text.Json;

namespace Orleans.Multipart.Gateway.Admin;

/// <summary>One authenticated admin request: who sent it, its route values, its body, and what its audit line names.</summary>
internal sealed class AdminCall(HttpContext http, Principal administrator, IReadOnlyDictionary<string, string> values, byte[] body)
{
    public HttpContext Http => http;

    public Principal Administrator => administrator;

    public byte[] Body => body;

    /// <summary>What the change acted on, for the audit line (e.g. <c>account/alice</c>); the path when a handler names nothing.</summary>
    public string? Resource { get; set; }

    public string this[string name] => values[name];

    public string? Query(string name) => http.Request.Query.TryGetValue(name, out var value) ? value.ToString() : null;

    /// <summary>The body as <typeparamref name="T"/>; 400 for a body that is not such a JSON document.</summary>
    public T Read<T>()
        where T : class
    {
        if (body.Length == 0)
        {
            throw AdminException.BadRequest("The request needs a JSON body.");
        }

        try
        {
            return JsonSerializer.Deserialize<T>(body, AdminDocuments.Json) ?? throw AdminException.BadRequest("The request needs a JSON body.");
        }
        catch (JsonException e)
        {
            throw AdminException.BadRequest("The body is not a valid JSON document for this request: " + e.Message);
        }
    }
}

/// <summary>What a handler answers: a status and a JSON document (or raw JSON text, for a policy as its owner wrote it).</summary>
internal sealed record AdminResult(int Status, object? Document, string? RawJson = null)
{
    public static AdminResult Ok(object document) => new(StatusCodes.Status200OK, document);

    public static AdminResult Created(object document) => new(StatusCodes.Status201Created, document);

    public static readonly AdminResult NoContent = new(StatusCodes.Status204NoContent, null);
}
