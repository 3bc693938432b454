using System.Xml;

namespace Orleans.Multipart.Gateway.S3;

/// <summary>
/// GetObjectAttributes' document, in the order AWS documents it: ETag (unquoted, unlike every other
/// ETag S3 prints), Checksum (a composite value without its "-N", as AWS answers it here), ObjectParts
/// (multipart objects only: every part's number and size, paged, and its checksum when it has one), StorageClass, ObjectSize.
/// </summary>
internal sealed record GetObjectAttributesResponse(GetObjectAttributes Operation, ObjectManifest Manifest) : IXmlDocument
{
    public string Root => "GetObjectAttributesResponse";

    public void WriteChildren(XmlWriter writer)
    {
        var (wanted, manifest) = (Operation.Attributes, Manifest);
        if (wanted.Contains("ETag"))
        {
            writer.Element("ETag", manifest.ETag);
        }

        if (wanted.Contains("Checksum") && manifest.Checksum is { } checksum)
        {
            writer.Group("Checksum", () => ChecksumXml.WriteObject(writer, checksum, partsSuffix: false));
        }

        if (wanted.Contains("ObjectParts") && manifest.PartsCount > 0)
        {
            writer.Group("ObjectParts", () => ObjectParts(writer));
        }

        if (wanted.Contains("StorageClass"))
        {
            writer.Element("StorageClass", manifest.Settings.StorageClass ?? "STANDARD");
        }

        if (wanted.Contains("ObjectSize"))
        {
            writer.Element("ObjectSize", manifest.Size);
        }
    }

    private void ObjectParts(XmlWriter writer)
    {
        var after = Manifest.Parts.Where(p => p.PartNumber > Operation.PartNumberMarker).ToList();
        var page = after.Take(Operation.MaxParts).ToList();
        writer.Element("PartsCount", Manifest.PartsCount);
        writer.Element("PartNumberMarker", Operation.PartNumberMarker);
        writer.Element("NextPartNumberMarker", page.Count > 0 ? page[^1].PartNumber : Operation.PartNumberMarker);
        writer.Element("MaxParts", Operation.MaxParts);
        writer.Element("IsTruncated", after.Count > page.Count);
        foreach (var part in page)
        {
            writer.Group("Part", () =>
            {
                writer.Element("PartNumber", part.PartNumber);
                writer.Element("Size", part.Size);
                ChecksumXml.WritePart(writer, part.Checksum);
            });
        }
    }
}
