using System.Text;

namespace Orleans.Multipart;

/// <summary>
/// The domain's limits (S3's, which the vendors copy), the same whoever calls: the gateway checks them
/// before a byte of a body is read, and the grains check them again, so that an internal service calling
/// the grains directly cannot store what no dialect would accept.
/// </summary>
public static class ObjectLimits
{
    /// <summary>Parts per upload: part numbers run 1..10,000 (QingStor's wire numbers 0..9,999).</summary>
    public const int MaxPartNumber = 10_000;

    /// <summary>Largest part: 5 GiB.</summary>
    public const long MaxPartSize = 5L * 1024 * 1024 * 1024;

    /// <summary>Largest single-PUT object: 5 GiB.</summary>
    public const long MaxObjectSize = 5L * 1024 * 1024 * 1024;

    /// <summary>Most user metadata per object: the UTF-8 bytes of every name and value together, 2 KB.</summary>
    public const int MaxMetadataBytes = 2048;

    /// <summary>The size user metadata counts against <see cref="MaxMetadataBytes"/>.</summary>
    public static int MetadataBytes(IReadOnlyDictionary<string, string> metadata) =>
        metadata.Sum(m => Encoding.UTF8.GetByteCount(m.Key) + Encoding.UTF8.GetByteCount(m.Value));
}
