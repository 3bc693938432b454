using System.Text.Json;
using System.Xml;
using System.Xml.Linq;

namespace Orleans.Multipart.Gateway.Documents;

/// <summary>
/// The one reader of request documents (XML and JSON) for every dialect: the body read up to the byte
/// cap (DocumentTooLarge past it), then parsed exactly and safely: no DTDs or entities, text kept as
/// sent (a key may be whitespace only), depth and element count capped in a forward pass before any
/// tree is built (a hostile document of 100,000 nested elements is refused in milliseconds). Anything
/// malformed, empty or over a cap is MalformedDocument.
/// </summary>
internal static class RequestDocument
{
    public const string MalformedXml = "The XML you provided was not well-formed or did not validate against our published schema.";

    public const string MalformedJson = "The JSON you provided was not well-formed.";

    private static readonly XmlReaderSettings XmlSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersFromEntities = 0,
        IgnoreComments = true,
        IgnoreWhitespace = false,
        CloseInput = false,
    };

    /// <summary>The body's bytes, at most <see cref="RequestDocumentLimits.MaxBytes"/>.</summary>
    public static async Task<byte[]> ReadBytesAsync(HttpContext context, RequestDocumentLimits limits)
    {
        if (context.Request.ContentLength > limits.MaxBytes)
        {
            throw TooLarge();
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > limits.MaxBytes)
            {
                throw TooLarge();
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>The body as an XML document's root element.</summary>
    public static async Task<XElement> ReadXmlAsync(HttpContext context, RequestDocumentLimits limits) => ParseXml(await ReadBytesAsync(context, limits), limits);

    /// <summary>The body as a JSON document's root value.</summary>
    public static async Task<JsonElement> ReadJsonAsync(HttpContext context, RequestDocumentLimits limits) => ParseJson(await ReadBytesAsync(context, limits), limits);

    public static XElement ParseXml(byte[] document, RequestDocumentLimits limits)
    {
        try
        {
            CheckXml(document, limits);
            using var reader = XmlReader.Create(new MemoryStream(document), XmlSettings);
            return XDocument.Load(reader).Root ?? throw new XmlException("empty");
        }
        catch (XmlException)
        {
            throw new DialectException(MultipartError.MalformedDocument, MalformedXml);
        }
    }

    public static JsonElement ParseJson(byte[] document, RequestDocumentLimits limits)
    {
        try
        {
            CheckJson(document, limits);
            using var parsed = JsonDocument.Parse(document, new JsonDocumentOptions { MaxDepth = limits.MaxDepth });
            return parsed.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new DialectException(MultipartError.MalformedDocument, MalformedJson);
        }
    }

    /// <summary>One forward pass that counts elements and watches the depth; stops at the first element over a limit.</summary>
    private static void CheckXml(byte[] document, RequestDocumentLimits limits)
    {
        using var reader = XmlReader.Create(new MemoryStream(document), XmlSettings);
        var elements = 0;
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element && (reader.Depth >= limits.MaxDepth || ++elements > limits.MaxElements))
            {
                throw new XmlException($"The document is deeper than {limits.MaxDepth} levels or has more than {limits.MaxElements} elements.");
            }
        }
    }

    /// <summary>The JSON counterpart: values counted (the depth is JsonDocument's own cap).</summary>
    private static void CheckJson(byte[] document, RequestDocumentLimits limits)
    {
        var reader = new Utf8JsonReader(document, new JsonReaderOptions { MaxDepth = limits.MaxDepth });
        var values = 0;
        while (reader.Read())
        {
            if (reader.TokenType is not (JsonTokenType.EndObject or JsonTokenType.EndArray or JsonTokenType.PropertyName) && ++values > limits.MaxElements)
            {
                throw new JsonException($"The document has more than {limits.MaxElements} values.");
            }
        }
    }

    private static DialectException TooLarge() => MultipartError.DocumentTooLarge.Error();
}
