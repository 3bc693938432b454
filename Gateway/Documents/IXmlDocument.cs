using System.Xml;

namespace Orleans.Multipart.Gateway.Documents;

/// <summary>A response document of the S3 family (s3, wos): its root element and how it writes its children; <see cref="XmlDocumentWriter"/> writes the rest.</summary>
internal interface IXmlDocument
{
    string Root { get; }

    void WriteChildren(XmlWriter writer);
}
