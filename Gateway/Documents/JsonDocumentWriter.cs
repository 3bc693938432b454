using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Orleans.Multipart.Gateway.Documents;

/// <summary>Writes every JSON response document (cdcs, qingstor, jss) from its record, by source-generated metadata; Content-Length exact.</summary>
internal static class JsonDocumentWriter
{
    public static async Task WriteAsync<T>(HttpContext context, int status, T document, JsonTypeInfo<T> type)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(document, type);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes);
    }

    /// <summary>The options every vendor's context is built with: text as written (no \u escapes of non-ASCII or HTML characters), and the vendor's naming.</summary>
    public static JsonSerializerOptions Options(JsonNamingPolicy? naming = null) => new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = naming,
    };
}
