using System.Buffers.Binary;
using System.IO.Hashing;
using System.Security.Cryptography;

namespace Orleans.Multipart.Gateway.Core;

/// <summary>A running checksum of a body, in the flexible-checksum algorithms S3 clients send (CRC32, CRC32C, CRC64NVME, SHA1, SHA256).</summary>
internal abstract class BodyChecksum
{
    /// <summary>Header name, e.g. <c>x-amz-checksum-crc32</c>.</summary>
    public abstract string HeaderName { get; }

    public FlexibleChecksumAlgorithm Algorithm => AlgorithmOf(HeaderName["x-amz-checksum-".Length..]) ?? throw new InvalidOperationException(HeaderName);

    /// <summary>The raw value (what the grains store).</summary>
    public ChecksumValue Value => new(Algorithm, Current());

    /// <summary>An algorithm by its S3 name (CRC32, crc32c, ...; case-insensitive), or null.</summary>
    public static FlexibleChecksumAlgorithm? AlgorithmOf(string name) => name.ToUpperInvariant() switch
    {
        "CRC32" => FlexibleChecksumAlgorithm.Crc32,
        "CRC32C" => FlexibleChecksumAlgorithm.Crc32C,
        "CRC64NVME" => FlexibleChecksumAlgorithm.Crc64Nvme,
        "SHA1" => FlexibleChecksumAlgorithm.Sha1,
        "SHA256" => FlexibleChecksumAlgorithm.Sha256,
        _ => null,
    };

    /// <summary>S3's name of an algorithm, upper case (the header suffix is its lower case).</summary>
    public static string NameOf(FlexibleChecksumAlgorithm algorithm) => algorithm switch
    {
        FlexibleChecksumAlgorithm.Crc32 => "CRC32",
        FlexibleChecksumAlgorithm.Crc32C => "CRC32C",
        FlexibleChecksumAlgorithm.Crc64Nvme => "CRC64NVME",
        FlexibleChecksumAlgorithm.Sha1 => "SHA1",
        _ => "SHA256",
    };

    public static string HeaderOf(FlexibleChecksumAlgorithm algorithm) => "x-amz-checksum-" + NameOf(algorithm).ToLowerInvariant();

    public static BodyChecksum For(FlexibleChecksumAlgorithm algorithm) => ForHeader(HeaderOf(algorithm))!;

    public abstract void Append(ReadOnlySpan<byte> data);

    /// <summary>The checksum as S3 prints it: base64 of the big-endian value (or of the digest).</summary>
    public string ToBase64() => Convert.ToBase64String(Current());

    /// <summary>The value so far: a CRC big-endian, a digest as is.</summary>
    protected abstract byte[] Current();

    /// <summary>The checksum for header <paramref name="header"/> (case-insensitive), or null for an algorithm S3 does not define.</summary>
    public static BodyChecksum? ForHeader(string header) => header.ToLowerInvariant() switch
    {
        "x-amz-checksum-crc32" => new Crc32Checksum("x-amz-checksum-crc32", new Crc32()),
        "x-amz-checksum-crc32c" => new Crc32Checksum("x-amz-checksum-crc32c", new Crc32(Crc32ParameterSet.Crc32C)),
        "x-amz-checksum-crc64nvme" => new Crc64Checksum(),
        "x-amz-checksum-sha1" => new DigestChecksum("x-amz-checksum-sha1", HashAlgorithmName.SHA1),
        "x-amz-checksum-sha256" => new DigestChecksum("x-amz-checksum-sha256", HashAlgorithmName.SHA256),
        _ => null,
    };

    /// <summary>CRC32 and CRC32C by System.IO.Hashing (vectorised); S3 prints the value big-endian.</summary>
    private sealed class Crc32Checksum(string header, Crc32 crc) : BodyChecksum
    {
        public override string HeaderName => header;

        public override void Append(ReadOnlySpan<byte> data) => crc.Append(data);

        protected override byte[] Current()
        {
            var bytes = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(bytes, crc.GetCurrentHashAsUInt32());
            return bytes;
        }
    }

    /// <summary>CRC64/NVME by System.IO.Hashing; big-endian like the others.</summary>
    private sealed class Crc64Checksum : BodyChecksum
    {
        private readonly Crc64 _crc = new(Crc64ParameterSet.Nvme);

        public override string HeaderName => "x-amz-checksum-crc64nvme";

        public override void Append(ReadOnlySpan<byte> data) => _crc.Append(data);

        protected override byte[] Current()
        {
            var bytes = new byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(bytes, _crc.GetCurrentHashAsUInt64());
            return bytes;
        }
    }

    private sealed class DigestChecksum(string header, HashAlgorithmName algorithm) : BodyChecksum
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(algorithm);

        public override string HeaderName => header;

        public override void Append(ReadOnlySpan<byte> data) => _hash.AppendData(data);

        // GetCurrentHash, not GetHashAndReset: the value is read twice (checked, then echoed).
        protected override byte[] Current() => _hash.GetCurrentHash();
    }
}

/// <summary>A read-only pass-through stream that shows every byte read to a checksum.</summary>
internal sealed class ChecksummingStream(Stream inner, BodyChecksum checksum) : ReadOnlyBodyStream
{
    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = inner.Read(buffer, offset, count);
        checksum.Append(buffer.AsSpan(offset, read));
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        checksum.Append(buffer.Span[..read]);
        return read;
    }
}
