using System.Xml;

namespace Orleans.Multipart.Gateway.Documents;

/// <summary>How S3's documents print flexible checksums: &lt;ChecksumCRC32&gt;base64&lt;/ChecksumCRC32&gt;, a composite object's value with its "-N" part count.</summary>
internal static class ChecksumXml
{
    public static string ElementName(FlexibleChecksumAlgorithm algorithm) => "Checksum" + BodyChecksum.NameOf(algorithm);

    public static string TypeName(ChecksumCombination type) => type == ChecksumCombination.FullObject ? "FULL_OBJECT" : "COMPOSITE";

    /// <summary>The value as HeadObject and Complete print it: base64, and "-N" for a composite of N parts.</summary>
    public static string Printed(ObjectChecksum checksum, bool partsSuffix = true) =>
        Convert.ToBase64String(checksum.Value) + (partsSuffix && checksum.Type == ChecksumCombination.Composite && checksum.PartsCount > 0 ? "-" + checksum.PartsCount : "");

    public static void WritePart(XmlWriter writer, ChecksumValue? checksum)
    {
        if (checksum is not null)
        {
            writer.Element(ElementName(checksum.Algorithm), Convert.ToBase64String(checksum.Value));
        }
    }

    /// <summary>&lt;ChecksumXXX&gt; then &lt;ChecksumType&gt;.</summary>
    public static void WriteObject(XmlWriter writer, ObjectChecksum checksum, bool partsSuffix = true)
    {
        writer.Element(ElementName(checksum.Algorithm), Printed(checksum, partsSuffix));
        writer.Element("ChecksumType", TypeName(checksum.Type));
    }
}
