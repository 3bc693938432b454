using System.Buffers.Binary;
using System.Text;
using Orleans.Multipart.Gateway.Core;

namespace Orleans.Multipart.Tests.Unit;

/// <summary>The flexible checksums against the catalogued check values (the CRC of "123456789"), printed as S3 prints them: base64 of the big-endian value.</summary>
public sealed class BodyChecksumTests
{
    [Theory]
    [InlineData("x-amz-checksum-crc32", 0xCBF43926ul, 4)]
    [InlineData("x-amz-checksum-crc32c", 0xE3069283ul, 4)]
    [InlineData("x-amz-checksum-crc64nvme", 0xAE8B14860A799888ul, 8)]
    public void CrcOfTheCheckStringIsTheCataloguedValue(string header, ulong check, int bytes)
    {
        var checksum = BodyChecksum.ForHeader(header)!;
        var data = Encoding.ASCII.GetBytes("123456789");
        checksum.Append(data.AsSpan(0, 4)); // appended in two pieces, as a body arrives
        checksum.Append(data.AsSpan(4));
        var expected = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(expected, check);
        Assert.Equal(Convert.ToBase64String(expected.AsSpan(8 - bytes).ToArray()), checksum.ToBase64());
    }

    [Theory]
    [InlineData("x-amz-checksum-sha256", "FeKw08M4keuw8e9gnsQZQgwg4yDOlMZfvIwzEkSOsiU=")]
    [InlineData("x-amz-checksum-sha1", "98O8HYCOBHMq32eZZczDTKeuNEE=")]
    public void DigestsAreBase64OfTheDigest(string header, string expected)
    {
        var checksum = BodyChecksum.ForHeader(header)!;
        checksum.Append(Encoding.ASCII.GetBytes("123456789"));
        Assert.Equal(expected, checksum.ToBase64());
    }

    [Fact]
    public void AnAlgorithmS3DoesNotDefineHasNoChecksum() => Assert.Null(BodyChecksum.ForHeader("x-amz-checksum-md5"));
}
