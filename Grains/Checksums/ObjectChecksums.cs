using System.Buffers.Binary;
using System.IO.Hashing;
using System.Security.Cryptography;

namespace Orleans.Multipart.Grains.Checksums;

/// <summary>
/// A multipart object's checksum from its parts' checksums alone, so that Complete reads no byte:
/// composite is the algorithm over the concatenated binary part checksums; full-object is the CRC
/// combination of the part CRCs and lengths (<see cref="CrcCombination"/>).
/// </summary>
public static class ObjectChecksums
{
    public static ObjectChecksum Combine(FlexibleChecksumAlgorithm algorithm, ChecksumCombination type, IReadOnlyList<(ChecksumValue Checksum, long Size)> parts)
    {
        if (type == ChecksumCombination.FullObject)
        {
            var combination = algorithm switch
            {
                FlexibleChecksumAlgorithm.Crc32 => CrcCombination.Crc32,
                FlexibleChecksumAlgorithm.Crc32C => CrcCombination.Crc32C,
                FlexibleChecksumAlgorithm.Crc64Nvme => CrcCombination.Crc64Nvme,
                _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Only CRCs combine into a full-object checksum."),
            };
            var crc = combination.Combine(parts.Select(p => (p.Checksum.Crc, p.Size)));
            return new ObjectChecksum(algorithm, type, CrcBytes(algorithm, crc), parts.Count);
        }

        var concatenated = new byte[parts.Sum(p => p.Checksum.Value.Length)];
        var offset = 0;
        foreach (var (checksum, _) in parts)
        {
            checksum.Value.CopyTo(concatenated, offset);
            offset += checksum.Value.Length;
        }

        return new ObjectChecksum(algorithm, type, Compute(algorithm, concatenated), parts.Count);
    }

    /// <summary>The checksum of <paramref name="data"/> as S3 stores it (CRCs big-endian).</summary>
    public static byte[] Compute(FlexibleChecksumAlgorithm algorithm, ReadOnlySpan<byte> data) => algorithm switch
    {
        FlexibleChecksumAlgorithm.Crc32 => CrcBytes(algorithm, Crc32.HashToUInt32(data)),
        FlexibleChecksumAlgorithm.Crc32C => CrcBytes(algorithm, Crc32Of(new Crc32(Crc32ParameterSet.Crc32C), data)),
        FlexibleChecksumAlgorithm.Crc64Nvme => CrcBytes(algorithm, Crc64Of(new Crc64(Crc64ParameterSet.Nvme), data)),
        FlexibleChecksumAlgorithm.Sha1 => SHA1.HashData(data),
        FlexibleChecksumAlgorithm.Sha256 => SHA256.HashData(data),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    private static uint Crc32Of(Crc32 crc, ReadOnlySpan<byte> data)
    {
        crc.Append(data);
        return crc.GetCurrentHashAsUInt32();
    }

    private static ulong Crc64Of(Crc64 crc, ReadOnlySpan<byte> data)
    {
        crc.Append(data);
        return crc.GetCurrentHashAsUInt64();
    }

    private static byte[] CrcBytes(FlexibleChecksumAlgorithm algorithm, ulong crc)
    {
        var bytes = new byte[algorithm == FlexibleChecksumAlgorithm.Crc64Nvme ? 8 : 4];
        if (bytes.Length == 8)
        {
            BinaryPrimitives.WriteUInt64BigEndian(bytes, crc);
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)crc);
        }

        return bytes;
    }
}
