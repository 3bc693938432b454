using Orleans.Multipart.Storage;

namespace Orleans.Multipart.Gateway.Core;

/// <summary>
/// Bytes [offset, offset+length) of an object read forward from its parts' blobs. When a part starts
/// streaming, the next part is opened already (<see cref="IBlobStore.OpenReadAsync"/>: the local store has
/// the kernel read it ahead, a remote store starts its request), so a read does not stall at a part boundary.
/// At most two blobs are open at a time; disposing closes both, whatever stopped the read.
/// </summary>
internal sealed class PartSequenceReader : IAsyncDisposable
{
    private readonly IBlobStore _blobs;
    private readonly CustomerKey? _customerKey;
    private readonly List<(string BlobId, long Offset, long Length)> _segments = [];
    private int _index = -1;
    private Stream? _current;
    private long _currentLeft;
    private Task<Stream>? _next;

    public PartSequenceReader(IBlobStore blobs, ObjectManifest manifest, long offset, long length, CustomerKey? customerKey)
    {
        _blobs = blobs;
        _customerKey = customerKey;
        long partStart = 0;
        foreach (var part in manifest.Parts)
        {
            if (length <= 0)
            {
                break;
            }

            var partEnd = partStart + part.Size;
            if (offset < partEnd)
            {
                var within = offset - partStart;
                var take = Math.Min(part.Size - within, length);
                _segments.Add((part.BlobId, within, take));
                offset += take;
                length -= take;
            }

            partStart = partEnd;
        }

        if (length > 0)
        {
            throw new InvalidOperationException("The manifest holds fewer bytes than the read asks for.");
        }
    }

    /// <summary>Fills <paramref name="buffer"/> across part boundaries; fewer bytes only at the end of the range (0 after it).</summary>
    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            if (_currentLeft == 0 && !await AdvanceAsync(cancellationToken))
            {
                break;
            }

            var read = await _current!.ReadAsync(buffer.Slice(filled, (int)Math.Min(buffer.Length - filled, _currentLeft)), cancellationToken);
            if (read == 0)
            {
                throw new IOException($"Blob {_segments[_index].BlobId} is shorter than its recorded size.");
            }

            filled += read;
            _currentLeft -= read;
        }

        return filled;
    }

    private async ValueTask<bool> AdvanceAsync(CancellationToken cancellationToken)
    {
        if (_current is not null)
        {
            await _current.DisposeAsync();
            _current = null;
        }

        if (++_index >= _segments.Count)
        {
            return false;
        }

        var opening = _next ?? Open(_index, cancellationToken);
        _next = null;
        _current = await opening;
        _currentLeft = _segments[_index].Length;
        if (_index + 1 < _segments.Count)
        {
            _next = Open(_index + 1, cancellationToken);
        }

        return true;
    }

    private Task<Stream> Open(int index, CancellationToken cancellationToken)
    {
        var (blobId, offset, length) = _segments[index];
        return _blobs.OpenReadAsync(blobId, offset, length, _customerKey, cancellationToken).AsTask();
    }

    public async ValueTask DisposeAsync()
    {
        if (_current is not null)
        {
            await _current.DisposeAsync();
            _current = null;
        }

        if (_next is { } next)
        {
            _next = null;
            try
            {
                await (await next).DisposeAsync();
            }
            catch (Exception)
            {
                // The next part was never read: its open failing (a key mismatch, a vanished blob) matters to no one.
            }
        }
    }
}
