using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;

namespace Orleans.Multipart.Storage.Blobs;

/// <summary>
/// AES-256 in counter mode: the keystream for byte <c>n</c> depends only on <c>n</c>, so an
/// encrypted blob can be read from any offset (Range GETs, partNumber reads) without decrypting
/// what comes before.
/// </summary>
public sealed class AesCtr : IDisposable
{
    private readonly Aes _aes = Aes.Create();
    private readonly byte[] _nonce;

    public AesCtr(byte[] key, byte[] nonce)
    {
        _aes.Key = key;
        _nonce = nonce;
    }

    public byte[] Nonce => _nonce;

    /// <summary>Keystream computed per call at most: bounds the scratch buffers whatever the read size.</summary>
    private const int MaxChunk = 64 * 1024;

    // Scratch for counters and keystream, reused across calls: an instance serves one stream, one call at a time
    // (a 1 GiB GET used to allocate two arrays per read, large-object-heap ones at 256 KiB).
    private byte[] _counters = [];
    private byte[] _keystream = [];

    /// <summary>XORs <paramref name="data"/>, which sits at plaintext offset <paramref name="offset"/>, with the keystream.</summary>
    public void Transform(Span<byte> data, long offset)
    {
        var high = BinaryPrimitives.ReadUInt64BigEndian(_nonce);
        var low = BinaryPrimitives.ReadUInt64BigEndian(_nonce.AsSpan(8));
        while (!data.IsEmpty)
        {
            var firstBlock = offset / 16;
            var skip = (int)(offset % 16);
            var take = Math.Min(data.Length, MaxChunk - skip);
            var bytes = ((skip + take + 15) / 16) * 16;
            if (_counters.Length < bytes)
            {
                var size = Math.Min(MaxChunk, Math.Max(bytes, 4096));
                _counters = new byte[size];
                _keystream = new byte[size];
            }

            var counters = _counters.AsSpan(0, bytes);
            for (var i = 0; i < bytes; i += 16)
            {
                var l = low + (ulong)(firstBlock + (i / 16));
                var h = high + (l < low ? 1UL : 0UL);
                BinaryPrimitives.WriteUInt64BigEndian(counters[i..], h);
                BinaryPrimitives.WriteUInt64BigEndian(counters[(i + 8)..], l);
            }

            var keystream = _keystream.AsSpan(0, bytes);
            _aes.EncryptEcb(counters, keystream, PaddingMode.None);
            Xor(data[..take], keystream.Slice(skip, take));
            data = data[take..];
            offset += take;
        }
    }

    private static void Xor(Span<byte> data, ReadOnlySpan<byte> keystream)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= data.Length - Vector<byte>.Count; i += Vector<byte>.Count)
            {
                (new Vector<byte>(data[i..]) ^ new Vector<byte>(keystream[i..])).CopyTo(data[i..]);
            }
        }

        for (; i < data.Length; i++)
        {
            data[i] ^= keystream[i];
        }
    }

    public void Dispose() => _aes.Dispose();
}

/// <summary>
/// A seekable read-only view of an encrypted blob file: a header (the 16-byte nonce first, then for a
/// customer-keyed blob its key check), then the AES-CTR ciphertext.
/// </summary>
internal sealed class DecryptingStream : Stream
{
    public const int NonceLength = 16;
    private readonly FileStream _file;
    private readonly AesCtr _ctr;
    private readonly int _headerLength;
    private long _position;

    /// <summary>The blob file (for read-ahead hints on its ciphertext).</summary>
    public FileStream File => _file;

    /// <summary>Bytes before the ciphertext: plaintext offset n is file offset n + this.</summary>
    public int HeaderLength => _headerLength;

    /// <summary>Takes ownership of <paramref name="file"/> and <paramref name="ctr"/>; the file is positioned after its <paramref name="headerLength"/>-byte header.</summary>
    public DecryptingStream(FileStream file, AesCtr ctr, int headerLength)
    {
        _file = file;
        _ctr = ctr;
        _headerLength = headerLength;
        _file.Seek(headerLength, SeekOrigin.Begin);
    }

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => _file.Length - _headerLength;

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = _file.Read(buffer);
        _ctr.Transform(buffer[..read], _position);
        _position += read;
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await _file.ReadAsync(buffer, cancellationToken);
        _ctr.Transform(buffer.Span[..read], _position);
        _position += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin)
    {
        _position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => Length + offset,
        };
        _file.Seek(_position + _headerLength, SeekOrigin.Begin);
        return _position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _file.Dispose();
            _ctr.Dispose();
        }

        base.Dispose(disposing);
    }
}
