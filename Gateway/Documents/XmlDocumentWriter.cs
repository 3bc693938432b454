using System.Globalization;
using System.Text;
using System.Xml;

namespace Orleans.Multipart.Gateway.Documents;

/// <summary>
/// Writes every XML response document (s3, wos): buffered so that Content-Length is exact, no body for
/// HEAD; children inherit the root's namespace.
/// </summary>
internal static class XmlDocumentWriter
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

    /// <summary>Writes a typed document.</summary>
    public static Task WriteAsync(HttpContext context, int status, IXmlDocument document, string? ns, bool standalone = false) =>
        WriteAsync(context, status, document.Root, ns, document.WriteChildren, standalone);

    public static void Element(this XmlWriter writer, string name, string? value)
    {
        writer.WriteStartElement(name);
        if (value is not null)
        {
            writer.WriteString(value);
        }

        writer.WriteEndElement();
    }

    public static void Element(this XmlWriter writer, string name, long value) => writer.Element(name, value.ToString(CultureInfo.InvariantCulture));

    public static void Element(this XmlWriter writer, string name, bool value) => writer.Element(name, value ? "true" : "false");

    public static void Element(this XmlWriter writer, string name, DateTimeOffset value) => writer.Element(name, Timestamp(value));

    /// <summary>Writes &lt;name&gt; with the children <paramref name="content"/> writes.</summary>
    public static void Group(this XmlWriter writer, string name, Action content)
    {
        writer.WriteStartElement(name);
        content();
        writer.WriteEndElement();
    }

    /// <summary>ISO 8601 with milliseconds, UTC (S3's and WOS's timestamps).</summary>
    public static string Timestamp(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
