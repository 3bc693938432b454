using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Multipart.Gateway;
using Orleans.Multipart.Gateway.Core;

namespace Orleans.Multipart.Tests.Unit;

/// <summary>
/// Kestrel's memory in the gateway's web host: 64 KiB blocks (a part body is received up to 64 KiB per recv instead
/// of about 2 KiB), a returned block reused, and a block disposed twice never handed to two renters.
/// </summary>
public sealed class LargeBlockMemoryPoolTests
{
    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    [InlineData(4096)]
    [InlineData(LargeBlockMemoryPool.BlockSize)]
    public void EveryRentIsOneWholeBlock(int minBufferSize)
    {
        using var pool = new LargeBlockMemoryPool();
        using var block = pool.Rent(minBufferSize);
        Assert.Equal(LargeBlockMemoryPool.BlockSize, block.Memory.Length);
    }

    [Fact]
    public void MoreThanABlockIsRefused()
    {
        using var pool = new LargeBlockMemoryPool();
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent(LargeBlockMemoryPool.BlockSize + 1));
    }

    [Fact]
    public void ReturnedBlockIsReusedByOneRenterOnly()
    {
        using var pool = new LargeBlockMemoryPool();
        var first = pool.Rent();
        var memory = ArrayOf(first);
        first.Dispose();
        first.Dispose();

        using var second = pool.Rent();
        using var third = pool.Rent();

        Assert.Same(memory, ArrayOf(second));
        Assert.NotSame(memory, ArrayOf(third));
    }

    [Fact]
    public void TheGatewaysWebHostGivesKestrelThePool()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.ConfigureMultipartKestrel(builder.Configuration);
        using var app = builder.Build();

        var factory = app.Services.GetRequiredService<IMemoryPoolFactory<byte>>();

        Assert.IsType<LargeBlockMemoryPoolFactory>(factory);
        using var pool = factory.Create();
        Assert.Equal(LargeBlockMemoryPool.BlockSize, pool.MaxBufferSize);
    }

    private static byte[] ArrayOf(System.Buffers.IMemoryOwner<byte> block) =>
        MemoryMarshal.TryGetArray<byte>(block.Memory, out var segment) ? segment.Array! : throw new InvalidOperationException("Not an array.");
}
