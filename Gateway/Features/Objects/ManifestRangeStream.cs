using Orleans.Multipart.Storage;

namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>
/// Bytes [start, start+length) of an object, read part by part from the blob store as a forward-only
/// stream: what a byte copy (UploadPartCopy of a range that is not one whole part) stores as a new blob.
/// One blob is open at a time; a blob deleted after it was opened still reads to its end.
/// </summary>
internal sealed class ManifestRangeStream : Stream
{
    private readonly IBlobStore _blobs;
    private readonly IReadOnlyList<PartInfo> _parts;
    private int _part;
    private long _offsetInPart;
    private long _remaining;
    private readonly CustomerKey? _customerKey;
    private Stream? _current;

    /// <param name="customerKey">The SSE-C key of a customer-keyed object; each blob checks it and throws <see cref="CustomerKeyMismatchException"/> when it is another.</param>
    public ManifestRangeStream(IBlobStore blobs, ObjectManifest manifest, long start, long length, CustomerKey? customerKey = null)
    {
        _blobs = blobs;
        _customerKey = customerKey;
        _parts = manifest.Parts;
        _remaining = length;
        long partStart = 0;
        while (_part < _parts.Count && partStart + _parts[_part].Size <= start)
        {
            partStart += _parts[_part].Size;
            _part++;
        }

        _offsetInPart = start - partStart;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_remaining > 0)
        {
            if (_current is null)
            {
                if (_part >= _parts.Count)
                {
                    throw new InvalidOperationException("The manifest holds fewer bytes than its size says.");
                }

                _current = await _blobs.OpenReadAsync(_parts[_part].BlobId, _offsetInPart, _parts[_part].Size - _offsetInPart, _customerKey, cancellationToken);
            }

            var want = (int)Math.Min(buffer.Length, Math.Min(_remaining, _parts[_part].Size - _offsetInPart));
            var read = want == 0 ? 0 : await _current.ReadAsync(buffer[..want], cancellationToken);
            if (read > 0)
            {
                _offsetInPart += read;
                _remaining -= read;
                return read;
            }

            if (_offsetInPart < _parts[_part].Size)
            {
                throw new InvalidOperationException($"Blob {_parts[_part].BlobId} is shorter than its recorded size.");
            }

            await _current.DisposeAsync();
            _current = null;
            _part++;
            _offsetInPart = 0;
        }

        return 0;
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _current?.Dispose();
            _current = null;
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_current is not null)
        {
            await _current.DisposeAsync();
            _current = null;
        }

        await base.DisposeAsync();
    }
}
