using System.Xml;
using System.Xml.Linq;

namespace Orleans.Multipart.Gateway.Core;

/// <summary>
/// Loads a request's XML document (s3, wos) safely: no DTDs or entities, text read exactly (a key may
/// be whitespace only), and depth and element count capped while reading, before any tree is built, so
/// a hostile document (100,000 nested elements) is refused in milliseconds instead of costing
/// quadratic time. Every refusal is an <see cref="XmlException"/>, which the dialect answers as its
/// malformed-document error.
/// </summary>
public static class RequestXml
{
    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersFromEntities = 0,
        IgnoreComments = true,
        IgnoreWhitespace = false,
        CloseInput = false,
    };

    public static XDocument Load(Stream document, XmlDocumentLimits limits, CancellationToken cancellationToken)
    {
        Check(document, limits, cancellationToken);
        document.Position = 0;
        using var reader = XmlReader.Create(document, Settings);
        return XDocument.Load(reader);
    }

    /// <summary>One forward pass that counts elements and watches the depth; stops at the first element over a limit.</summary>
    private static void Check(Stream document, XmlDocumentLimits limits, CancellationToken cancellationToken)
    {
        using var reader = XmlReader.Create(document, Settings);
        var elements = 0;
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            if (reader.Depth >= limits.MaxDepth)
            {
                throw new XmlException($"The document is nested deeper than {limits.MaxDepth} levels.");
            }

            if (++elements > limits.MaxElements)
            {
                throw new XmlException($"The document has more than {limits.MaxElements} elements.");
            }

            if (elements % 4096 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
    }
}
