namespace Orleans.Multipart.Grains.Checksums;

/// <summary>
/// CRC combination: the CRC of A followed by B from crc(A), crc(B) and B's length alone, so that
/// Complete can answer a multipart object's FULL_OBJECT CRC without reading a byte. Holds for the
/// reflected CRCs S3 uses (CRC32, CRC32C, CRC64NVME), whose initial value equals their final xor:
/// crc(AB) = crc(A)·x^(8·|B|) mod P xor crc(B). Polynomials are in reflected form (bit W-1 is x^0).
/// </summary>
public sealed class CrcCombination
{
    public static readonly CrcCombination Crc32 = new(0xEDB88320u, 32);

    public static readonly CrcCombination Crc32C = new(0x82F63B78u, 32);

    public static readonly CrcCombination Crc64Nvme = new(0x9A6C9329AC4BC9B5ul, 64);

    private readonly ulong _polynomial;
    private readonly int _width;

    // _powers[k] = x^(2^k) mod P: x^(8n) is then a product of at most 64 of them.
    private readonly ulong[] _powers = new ulong[67];

    private CrcCombination(ulong polynomial, int width)
    {
        _polynomial = polynomial;
        _width = width;
        _powers[0] = 1ul << (width - 2);
        for (var k = 1; k < _powers.Length; k++)
        {
            _powers[k] = Multiply(_powers[k - 1], _powers[k - 1]);
        }
    }

    /// <summary>The CRC of the concatenation, from the CRCs of its halves and the second half's length in bytes.</summary>
    public ulong Combine(ulong first, ulong second, long secondLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(secondLength);
        return Multiply(PowerOfX8(secondLength), first) ^ second;
    }

    /// <summary>The CRC of parts laid end to end, from each part's CRC and length (an empty list is the empty input's CRC, 0).</summary>
    public ulong Combine(IEnumerable<(ulong Crc, long Length)> parts)
    {
        ulong combined = 0;
        var any = false;
        foreach (var (crc, length) in parts)
        {
            combined = any ? Combine(combined, crc, length) : crc;
            any = true;
        }

        return combined;
    }

    /// <summary>x^(8·bytes) mod P.</summary>
    private ulong PowerOfX8(long bytes)
    {
        var result = 1ul << (_width - 1); // x^0
        var n = (ulong)bytes;
        for (var k = 3; n != 0; n >>= 1, k++)
        {
            if ((n & 1) != 0)
            {
                result = Multiply(_powers[k], result);
            }
        }

        return result;
    }

    /// <summary>a·b mod P, both reflected: walk a's coefficients from x^0 up while b is multiplied by x.</summary>
    private ulong Multiply(ulong a, ulong b)
    {
        ulong product = 0;
        for (var m = 1ul << (_width - 1); m != 0; m >>= 1)
        {
            if ((a & m) != 0)
            {
                product ^= b;
            }

            b = (b & 1) != 0 ? (b >> 1) ^ _polynomial : b >> 1;
        }

        return product;
    }
}
