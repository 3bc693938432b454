using System.Text;
using System.Xml;
using Microsoft.AspNetCore.Http;

namespace Orleans.Multipart.Gateway.Core;

/// <summary>Writes an XML response document (s3, wos): buffered so that Content-Length is exact, no body for HEAD.</summary>
public static class XmlResponse
{
    private static readonly XmlWriterSettings Settings = new() { Encoding = new UTF8Encoding(false), Indent = false };

    /// <param name="standalone">Declare <c>standalone="yes"</c> (WOS's documents do).</param>
    public static async Task WriteAsync(HttpContext context, int status, string root, string? ns, Action<XmlWriter> body, bool standalone = false)
    {
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, Settings))
        {
            if (standalone)
            {
                writer.WriteStartDocument(standalone: true);
            }
            else
            {
                writer.WriteStartDocument();
            }

            writer.WriteStartElement(root, ns ?? "");
            body(writer);
            writer.WriteEndElement();
            writer.WriteEndDocument();
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/xml";
        context.Response.ContentLength = buffer.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
        }
    }
}
