using System.Text;

namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>A policy document on the wire: UTF-8 JSON, read and answered as text (the service keeps it as written).</summary>
internal static class PolicyText
{
    /// <summary>The request body as text; MalformedPolicy when it is not UTF-8.</summary>
    public static async Task<string> ReadAsync(HttpContext context, RequestDocumentLimits limits)
    {
        try
        {
            return new UTF8Encoding(false, true).GetString(await RequestDocument.ReadBytesAsync(context, limits));
        }
        catch (DecoderFallbackException)
        {
            throw new DialectException(MultipartError.MalformedPolicy, "Policies must be valid JSON and the first byte must be '{'");
        }
    }

    /// <summary>200 with the document as JSON.</summary>
    public static async Task WriteAsync(HttpContext context, string document)
    {
        var bytes = Encoding.UTF8.GetBytes(document);
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = bytes.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.Body.WriteAsync(bytes);
        }
    }
}
