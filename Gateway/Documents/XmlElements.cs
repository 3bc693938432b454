using System.Xml.Linq;

namespace Orleans.Multipart.Gateway.Documents;

/// <summary>Namespace-agnostic access to a request document's elements (clients send S3's and WOS's documents with and without the namespace).</summary>
internal static class XmlElements
{
    public static IEnumerable<XElement> Children(this XElement parent, string name) => parent.Elements().Where(e => e.Name.LocalName == name);

    public static string? Child(this XElement parent, string name) => parent.Children(name).FirstOrDefault()?.Value;
}
