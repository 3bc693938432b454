using System.Buffers;
using Microsoft.AspNetCore.Connections;

namespace Orleans.Multipart.Gateway.Core;

/// <summary>Gives Kestrel (its socket transport and its connections) a <see cref="LargeBlockMemoryPool"/> instead of its 4 KiB-block pool.</summary>
internal sealed class LargeBlockMemoryPoolFactory : IMemoryPoolFactory<byte>
{
    public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => new LargeBlockMemoryPool();
}
