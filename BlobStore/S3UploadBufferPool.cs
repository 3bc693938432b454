using System.Collections.Concurrent;

namespace Orleans.Multipart.Storage.Blobs;

/// <summary>
/// Memory for bodies buffered before they go to the backend, bounded in total: at most <c>memory</c> bytes in
/// segments of <see cref="SegmentSize"/>, in use or kept for reuse (a part's segments go back here, so the silo
/// does not allocate 8 MiB of large-object heap per part). A body that does not fit in what is left is not
/// buffered (<see cref="TryRent"/> returns null) and the store streams it instead.
/// </summary>
internal sealed class S3UploadBufferPool
{
    /// <summary>One segment: a body of N bytes takes ceil(N / 1 MiB) of them, so an 8 MiB part wastes nothing.</summary>
    public const int SegmentSize = 1024 * 1024;

    private readonly ConcurrentStack<byte[]> _free = new();
    private long _available;

    public S3UploadBufferPool(long memory)
    {
        _available = Math.Max(0, memory / SegmentSize);
    }

    /// <summary>Segments neither in use nor reserved (for tests and the log).</summary>
    public long AvailableSegments => Volatile.Read(ref _available);

    /// <summary>A buffer for <paramref name="length"/> bytes, or null when the pool's memory is taken.</summary>
    public S3UploadBuffer? TryRent(long length)
    {
        var count = (int)((length + SegmentSize - 1) / SegmentSize);
        long seen;
        do
        {
            seen = Volatile.Read(ref _available);
            if (seen < count)
            {
                return null;
            }
        }
        while (Interlocked.CompareExchange(ref _available, seen - count, seen) != seen);

        var segments = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            // Never more segments exist than the pool's memory holds: one is created only against a reservation.
            segments[i] = _free.TryPop(out var segment) ? segment : GC.AllocateUninitializedArray<byte>(SegmentSize);
        }

        return new S3UploadBuffer(this, segments, length);
    }

    internal void Return(byte[][] segments)
    {
        _free.PushRange(segments);
        Interlocked.Add(ref _available, segments.Length);
    }
}
