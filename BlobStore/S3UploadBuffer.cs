namespace Orleans.Multipart.Storage.Blobs;

/// <summary>
/// One body held in pooled segments (<see cref="S3UploadBufferPool"/>) between the caller and the backend: filled
/// once through <see cref="FreeSpace"/> and <see cref="Advance"/>, then sent as often as a retry needs through
/// <see cref="OpenRead"/>. Disposing gives the segments back.
/// </summary>
internal sealed class S3UploadBuffer : IDisposable
{
    private readonly S3UploadBufferPool _pool;
    private byte[][]? _segments;

    internal S3UploadBuffer(S3UploadBufferPool pool, byte[][] segments, long capacity)
    {
        _pool = pool;
        _segments = segments;
        Capacity = capacity;
    }

    /// <summary>The most bytes it holds (the body's declared length).</summary>
    public long Capacity { get; }

    /// <summary>Bytes filled so far.</summary>
    public long Length { get; private set; }

    /// <summary>Where the next bytes go: the rest of the current segment, up to <see cref="Capacity"/>; empty when full.</summary>
    public Memory<byte> FreeSpace
    {
        get
        {
            var segments = _segments ?? throw new ObjectDisposedException(nameof(S3UploadBuffer));
            var left = Capacity - Length;
            if (left == 0)
            {
                return Memory<byte>.Empty;
            }

            var offset = (int)(Length % S3UploadBufferPool.SegmentSize);
            var segment = segments[Length / S3UploadBufferPool.SegmentSize];
            return segment.AsMemory(offset, (int)Math.Min(segment.Length - offset, left));
        }
    }

    /// <summary>Marks <paramref name="count"/> bytes of <see cref="FreeSpace"/> as filled.</summary>
    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, FreeSpace.Length);
        Length += count;
    }

    /// <summary>Hashes the filled bytes into <paramref name="hash"/>.</summary>
    public void AppendTo(System.Security.Cryptography.IncrementalHash hash)
    {
        var segments = _segments ?? throw new ObjectDisposedException(nameof(S3UploadBuffer));
        for (long done = 0; done < Length; done += S3UploadBufferPool.SegmentSize)
        {
            hash.AppendData(segments[done / S3UploadBufferPool.SegmentSize].AsSpan(0, (int)Math.Min(S3UploadBufferPool.SegmentSize, Length - done)));
        }
    }

    /// <summary>A fresh seekable stream over the filled bytes (one per backend attempt).</summary>
    public Stream OpenRead() => new ReadStream(this);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _segments, null) is { } segments)
        {
            _pool.Return(segments);
        }
    }

    private sealed class ReadStream(S3UploadBuffer buffer) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => false;

        public override long Length => buffer.Length;

        public override long Position
        {
            get => _position;
            set => _position = value is >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
        }

        public override int Read(byte[] array, int offset, int count) => Read(array.AsSpan(offset, count));

        public override int Read(Span<byte> destination)
        {
            var segments = buffer._segments ?? throw new ObjectDisposedException(nameof(S3UploadBuffer));
            var copied = 0;
            while (copied < destination.Length && _position < buffer.Length)
            {
                var offset = (int)(_position % S3UploadBufferPool.SegmentSize);
                var count = (int)Math.Min(Math.Min(S3UploadBufferPool.SegmentSize - offset, buffer.Length - _position), destination.Length - copied);
                segments[_position / S3UploadBufferPool.SegmentSize].AsSpan(offset, count).CopyTo(destination[copied..]);
                copied += count;
                _position += count;
            }

            return copied;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(destination.Span));

        public override Task<int> ReadAsync(byte[] array, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(array.AsSpan(offset, count)));

        public override long Seek(long offset, SeekOrigin origin)
        {
            Position = origin switch
            {
                SeekOrigin.Begin => offset,
                SeekOrigin.Current => _position + offset,
                _ => buffer.Length + offset,
            };
            return _position;
        }

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] array, int offset, int count) => throw new NotSupportedException();
    }
}
