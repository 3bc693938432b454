using System.Xml;

namespace Orleans.Multipart.Gateway.Documents;

/// <summary>InitiateMultipartUploadResult (S3 and WOS).</summary>
internal sealed record InitiateMultipartUploadResult(string Bucket, string Key, string UploadId) : IXmlDocument
{
    public string Root => "InitiateMultipartUploadResult";

    public void WriteChildren(XmlWriter writer)
    {
        writer.Element("Bucket", Bucket);
        writer.Element("Key", Key);
        writer.Element("UploadId", UploadId);
    }
}

/// <summary>CompleteMultipartUploadResult (S3 and WOS); <see cref="ETag"/> unquoted, written quoted; the object's flexible checksum and its type when it has one (S3).</summary>
internal sealed record CompleteMultipartUploadResult(string Location, string Bucket, string Key, string ETag, ObjectChecksum? Checksum = null) : IXmlDocument
{
    public string Root => "CompleteMultipartUploadResult";

    /// <summary>The object's URL as S3 gives it: the request's scheme and host, path-style.</summary>
    public static string LocationOf(HttpRequest request, string bucket, string key) =>
        $"{request.Scheme}://{request.Host}/{bucket}/{RequestTarget.UriEncode(key, keepSlash: true)}";

    public void WriteChildren(XmlWriter writer)
    {
        writer.Element("Location", Location);
        writer.Element("Bucket", Bucket);
        writer.Element("Key", Key);
        writer.Element("ETag", "\"" + ETag + "\"");
        if (Checksum is not null)
        {
            ChecksumXml.WriteObject(writer, Checksum);
        }
    }
}

/// <summary>The Error document (S3 and WOS, no namespace): Code, Message, the details S3 adds (ActualObjectSize, StringToSign, ...), Resource, RequestId.</summary>
internal sealed record XmlErrorDocument(ErrorDocument Error) : IXmlDocument
{
    public string Root => "Error";

    public void WriteChildren(XmlWriter writer)
    {
        writer.Element("Code", Error.Code);
        writer.Element("Message", Error.Message);
        foreach (var (name, value) in Error.Details)
        {
            writer.Element(name, value);
        }

        writer.Element("Resource", Error.Resource);
        writer.Element("RequestId", Error.RequestId);
    }
}
