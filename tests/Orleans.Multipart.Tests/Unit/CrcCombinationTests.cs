using Orleans.Multipart.Grains.Checksums;

namespace Orleans.Multipart.Tests.Unit;

/// <summary>
/// Combined CRCs equal the CRC of the concatenated bytes, computed here bit by bit from each CRC's
/// definition (reflected, initial value and final xor all ones), itself pinned to the catalogued check
/// values of "123456789".
/// </summary>
public sealed class CrcCombinationTests
{
    public static TheoryData<string> Algorithms() => new("CRC32", "CRC32C", "CRC64NVME");

    private static (CrcCombination Combination, ulong Polynomial, int Width, ulong Check) Spec(string name) => name switch
    {
        "CRC32" => (CrcCombination.Crc32, 0xEDB88320u, 32, 0xCBF43926u),
        "CRC32C" => (CrcCombination.Crc32C, 0x82F63B78u, 32, 0xE3069283u),
        "CRC64NVME" => (CrcCombination.Crc64Nvme, 0x9A6C9329AC4BC9B5ul, 64, 0xAE8B14860A799888ul),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static ulong Bitwise(ReadOnlySpan<byte> data, ulong polynomial, int width)
    {
        var mask = width == 64 ? ulong.MaxValue : (1ul << width) - 1;
        var crc = mask;
        foreach (var b in data)
        {
            crc ^= b;
            for (var i = 0; i < 8; i++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ polynomial : crc >> 1;
            }
        }

        return crc ^ mask;
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void TheReferenceMatchesTheCatalogueCheckValue(string algorithm)
    {
        var (_, polynomial, width, check) = Spec(algorithm);
        Assert.Equal(check, Bitwise("123456789"u8, polynomial, width));
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void TwoHalvesCombineIntoTheWholesCrc(string algorithm)
    {
        var (combination, polynomial, width, _) = Spec(algorithm);
        var data = new byte[70_001];
        new Random(7).NextBytes(data);
        foreach (var split in new[] { 0, 1, 8, 4095, 35_000, 70_000, 70_001 })
        {
            var first = Bitwise(data.AsSpan(0, split), polynomial, width);
            var second = Bitwise(data.AsSpan(split), polynomial, width);
            Assert.Equal(Bitwise(data, polynomial, width), combination.Combine(first, second, data.Length - split));
        }
    }

    /// <summary>Parts of unequal sizes, as a multipart upload has them (the last one short).</summary>
    [Theory]
    [MemberData(nameof(Algorithms))]
    public void ManyPartsCombineInOrder(string algorithm)
    {
        var (combination, polynomial, width, _) = Spec(algorithm);
        var sizes = new[] { 5000, 5000, 5000, 17, 1, 4321 };
        var data = new byte[sizes.Sum()];
        new Random(11).NextBytes(data);
        var parts = new List<(ulong, long)>();
        var offset = 0;
        foreach (var size in sizes)
        {
            parts.Add((Bitwise(data.AsSpan(offset, size), polynomial, width), size));
            offset += size;
        }

        Assert.Equal(Bitwise(data, polynomial, width), combination.Combine(parts));
        Assert.NotEqual(Bitwise(data, polynomial, width), combination.Combine(Enumerable.Reverse(parts)));
    }

    /// <summary>Lengths far beyond what a test can hash (a 5 TiB object): x^(8n) by squaring agrees with stepwise extension.</summary>
    [Theory]
    [MemberData(nameof(Algorithms))]
    public void LengthsComposeAdditively(string algorithm)
    {
        var (combination, _, _, _) = Spec(algorithm);
        const long big = 5L * 1024 * 1024 * 1024 * 1024;
        var a = combination.Combine(0x1234567, 0, big);
        var b = combination.Combine(combination.Combine(0x1234567, 0, big - 3), 0, 3);
        Assert.Equal(a, b);
    }
}
