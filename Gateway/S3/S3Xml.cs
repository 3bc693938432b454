using System.Globalization;
using System.Text;
using System.Xml;
using Microsoft.AspNetCore.Http;

using Orleans.Multipart.Gateway.Core;

namespace Orleans.Multipart.Gateway.S3;

/// <summary>Writes and reads S3's XML documents.</summary>
public static class S3Xml
{
    public const string Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";

    /// <summary>Writes a document with root <paramref name="root"/> in S3's namespace (or none).</summary>
    public static Task WriteAsync(HttpContext context, int status, string root, Action<XmlWriter> body, string? ns = Namespace) =>
        XmlResponse.WriteAsync(context, status, root, ns, body);

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

    public static string Timestamp(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Reads a request document of at most <paramref name="maxBytes"/> (and <paramref name="limits"/>, default <see cref="XmlDocumentLimits.Default"/>); throws MalformedXML or MaxMessageLengthExceeded.</summary>
    public static async Task<XmlDocumentReader> ReadAsync(HttpRequest request, Stream body, int maxBytes, XmlDocumentLimits? limits = null, CancellationToken cancellationToken = default)
    {
        if (request.ContentLength > maxBytes)
        {
            throw new DialectException(WireError.DocumentTooLarge, "Your request was too big.");
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw new DialectException(WireError.DocumentTooLarge, "Your request was too big.");
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            throw S3Errors.MalformedXml();
        }

        System.Xml.Linq.XDocument document;
        try
        {
            buffer.Position = 0;
            document = RequestXml.Load(buffer, limits ?? XmlDocumentLimits.Default, cancellationToken);
        }
        catch (XmlException)
        {
            throw S3Errors.MalformedXml();
        }

        return new XmlDocumentReader(document);
    }
}

/// <summary>Namespace-agnostic access to a parsed request document (clients send it with and without S3's namespace).</summary>
public sealed class XmlDocumentReader(System.Xml.Linq.XDocument document)
{
    public System.Xml.Linq.XElement Root => document.Root ?? throw S3Errors.MalformedXml();

    public static IEnumerable<System.Xml.Linq.XElement> Children(System.Xml.Linq.XElement parent, string name) =>
        parent.Elements().Where(e => e.Name.LocalName == name);

    public static string? Child(System.Xml.Linq.XElement parent, string name) => Children(parent, name).FirstOrDefault()?.Value;
}
