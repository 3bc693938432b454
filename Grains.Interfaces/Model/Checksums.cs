using System.Buffers.Binary;

namespace Orleans.Multipart;

/// <summary>The flexible-checksum algorithms S3 defines (MD5 stays the ETag's business).</summary>
[GenerateSerializer, Alias("omp.FlexibleChecksumAlgorithm")]
public enum FlexibleChecksumAlgorithm
{
    Crc32 = 0,
    Crc32C = 1,
    Crc64Nvme = 2,
    Sha1 = 3,
    Sha256 = 4,
}

/// <summary>
/// How a multipart object's checksum derives from its parts: <see cref="Composite"/> is the algorithm
/// over the concatenated binary part checksums; <see cref="FullObject"/> is the checksum of the whole
/// byte sequence (CRCs only, combined from the parts' CRCs and lengths).
/// </summary>
[GenerateSerializer, Alias("omp.ChecksumCombination")]
public enum ChecksumCombination
{
    Composite = 0,
    FullObject = 1,
}

/// <summary>A checksum of a part's (or a single PUT's) bytes: the algorithm and its raw value (big-endian for CRCs).</summary>
[GenerateSerializer, Immutable, Alias("omp.ChecksumValue")]
public sealed record ChecksumValue(FlexibleChecksumAlgorithm Algorithm, byte[] Value)
{
    public bool SameAs(ChecksumValue? other) =>
        other is not null && other.Algorithm == Algorithm && other.Value.AsSpan().SequenceEqual(Value);

    /// <summary>The CRC as a number (CRC algorithms only).</summary>
    public ulong Crc => Value.Length == 8 ? BinaryPrimitives.ReadUInt64BigEndian(Value) : BinaryPrimitives.ReadUInt32BigEndian(Value);

    /// <summary>The storage form, <c>algorithm:base64</c> (a database column, not a wire format).</summary>
    public string Format() => $"{(int)Algorithm}:{Convert.ToBase64String(Value)}";

    public static ChecksumValue? Parse(string? stored)
    {
        if (string.IsNullOrEmpty(stored))
        {
            return null;
        }

        var colon = stored.IndexOf(':');
        return new ChecksumValue((FlexibleChecksumAlgorithm)int.Parse(stored.AsSpan(0, colon), System.Globalization.CultureInfo.InvariantCulture), Convert.FromBase64String(stored[(colon + 1)..]));
    }

    public static bool IsCrc(FlexibleChecksumAlgorithm algorithm) => algorithm is FlexibleChecksumAlgorithm.Crc32 or FlexibleChecksumAlgorithm.Crc32C or FlexibleChecksumAlgorithm.Crc64Nvme;

    /// <summary>S3's rules for an upload's checksum type: CRC64NVME is full-object only, SHA-1 and SHA-256 composite only, CRC32/CRC32C either (composite by default).</summary>
    public static bool Supports(FlexibleChecksumAlgorithm algorithm, ChecksumCombination type) => type switch
    {
        ChecksumCombination.FullObject => IsCrc(algorithm),
        _ => algorithm != FlexibleChecksumAlgorithm.Crc64Nvme,
    };

    public static ChecksumCombination DefaultType(FlexibleChecksumAlgorithm algorithm) =>
        algorithm == FlexibleChecksumAlgorithm.Crc64Nvme ? ChecksumCombination.FullObject : ChecksumCombination.Composite;
}

/// <summary>An object's checksum: <see cref="PartsCount"/> parts combined by <see cref="Type"/> (0 for a single PUT, whose type is full-object).</summary>
[GenerateSerializer, Immutable, Alias("omp.ObjectChecksum")]
public sealed record ObjectChecksum(FlexibleChecksumAlgorithm Algorithm, ChecksumCombination Type, byte[] Value, int PartsCount)
{
    /// <summary>The storage form, <c>algorithm:type:parts:base64</c>.</summary>
    public string Format() => $"{(int)Algorithm}:{(int)Type}:{PartsCount}:{Convert.ToBase64String(Value)}";

    public static ObjectChecksum? Parse(string? stored)
    {
        if (string.IsNullOrEmpty(stored))
        {
            return null;
        }

        var fields = stored.Split(':', 4);
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        return new ObjectChecksum((FlexibleChecksumAlgorithm)int.Parse(fields[0], culture), (ChecksumCombination)int.Parse(fields[1], culture), Convert.FromBase64String(fields[3]), int.Parse(fields[2], culture));
    }
}
