using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.AspNetCore.Connections;

namespace Orleans.Multipart.Gateway.Core;

/// <summary>
/// Kestrel's memory with <see cref="BlockSize"/> blocks instead of its own 4 KiB ones. Kestrel's socket transport
/// receives into the rest of the pipe's current block (at least 2 KiB of it), so with 4 KiB blocks a part body
/// arrives about 2 KiB per <c>recv</c>: measured on an 8 MiB UploadPart load (issue 24), 263,632 recv calls for
/// 512 MiB, each followed by a pipe flush and a wake-up of the body reader, and on .NET 10 two metric
/// measurements per block (Kestrel's pool counts every rent and return, and the ASP.NET Core instrumentation
/// subscribes to that meter). Receiving, the pipe and those metrics were 37 % of the service's CPU per GiB of
/// parts, more than the MD5 of the part. With 64 KiB blocks a recv takes what the socket holds (loopback
/// delivers up to 64 KiB at a time). The cost: a request of a few hundred bytes holds a 64 KiB block while it is
/// read (Kestrel waits for data before it takes one, so an idle connection holds none), and at most
/// <see cref="MaxRetainedBlocks"/> free blocks are kept for reuse; the rest go back to the GC.
/// </summary>
internal sealed class LargeBlockMemoryPool : MemoryPool<byte>
{
    public const int BlockSize = 64 * 1024;

    /// <summary>Free blocks kept for reuse (32 MiB): the blocks of 16 part bodies in flight at Kestrel's 1 MiB read-ahead, twice over.</summary>
    public const int MaxRetainedBlocks = 512;

    private readonly ConcurrentQueue<Block> _free = new();
    private int _freeCount;

    public override int MaxBufferSize => BlockSize;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockSize);
        if (_free.TryDequeue(out var block))
        {
            Interlocked.Decrement(ref _freeCount);
            block.Lease();
            return block;
        }

        // Pinned (the pinned object heap): the socket reads into it without pinning a block of the normal heap.
        var created = new Block(this, GC.AllocateUninitializedArray<byte>(BlockSize, pinned: true));
        created.Lease();
        return created;
    }

    private void Return(Block block)
    {
        if (Interlocked.Increment(ref _freeCount) <= MaxRetainedBlocks)
        {
            _free.Enqueue(block);
        }
        else
        {
            Interlocked.Decrement(ref _freeCount);
        }
    }

    protected override void Dispose(bool disposing)
    {
        // Blocks are garbage-collected memory: nothing to release.
    }

    private sealed class Block(LargeBlockMemoryPool pool, byte[] array) : IMemoryOwner<byte>
    {
        private int _leased;

        public Memory<byte> Memory => array;

        public void Lease() => Volatile.Write(ref _leased, 1);

        /// <summary>Back to the pool once: a second dispose must not hand the same block to two renters.</summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _leased, 0) == 1)
            {
                pool.Return(this);
            }
        }
    }
}
