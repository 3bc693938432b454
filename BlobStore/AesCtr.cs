using System.Buffers.Binary;
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

    /// <summary>XORs <paramref name="data"/>, which sits at plaintext offset <paramref name="offset"/>, with the keystream.</summary>
    public void Transform(Span<byte> data, long offset)
    {
        if (data.IsEmpty)
        {
            return;
        }

        var firstBlock = offset / 16;
        var skip = (int)(offset % 16);
        var blocks = (skip + data.Length + 15) / 16;
        var counters = new byte[blocks * 16];
        var high = BinaryPrimitives.ReadUInt64BigEndian(_nonce);
        var low = BinaryPrimitives.ReadUInt64BigEndian(_nonce.AsSpan(8));
        for (var i = 0; i < blocks; i++)
        {
            var add = (ulong)(firstBlock + i);
            var l = low + add;
            var h = high + (l < low ? 1UL : 0UL);
            BinaryPrimitives.WriteUInt64BigEndian(counters.AsSpan(i * 16), h);
            BinaryPrimitives.WriteUInt64BigEndian(counters.AsSpan((i * 16) + 8), l);
        }

        var keystream = _aes.EncryptEcb(counters, PaddingMode.None);
        for (var i = 0; i < data.Length; i++)
        {
            data[i] ^= keystream[skip + i];
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
