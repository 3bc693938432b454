using System.Security.Cryptography;
using Orleans.Multipart.Storage;
using Orleans.Multipart.Storage.Blobs;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.Rgw;

/// <summary>
/// A part reaches the backend in large pieces: each read of the caller's body is a hash update (and, streamed, an
/// idle-timer reset) in the store, so the SDK's default 8 KiB reads (1,024 per 8 MiB part) cost a loaded silo a
/// third of its CPU per part. So for a streamed part (no buffer memory) and a buffered one (read into 1 MiB segments).
/// The bytes stored are still exactly the caller's.
/// </summary>
[Collection(RgwCollection.Name)]
public sealed class S3StreamedWriteReadSizeTests
{
    private const int PartSize = 8 * 1024 * 1024;

    [Theory]
    [InlineData(false, 0L)]
    [InlineData(true, 0L)]
    [InlineData(false, 256L * 1024 * 1024)]
    [InlineData(true, 256L * 1024 * 1024)]
    public async Task PartIsReadInPiecesOfAtLeast64KiB(bool encrypt, long uploadBufferMemory)
    {
        var bucket = await TestRgw.CreateBucketAsync();
        using var store = RgwBlobStore.Create(bucket, configure: options => options.UploadBufferMemory = uploadBufferMemory);
        var data = RandomNumberGenerator.GetBytes(PartSize);
        var source = new ReadCountingStream(data);

        var written = await store.WriteAsync(source, new BlobWriteOptions(long.MaxValue, PartSize, null, encrypt), CancellationToken.None);

        Assert.Equal(MD5.HashData(data), written.Md5);
        Assert.InRange(source.Reads, 1, PartSize / (64 * 1024) + 2); // + the end-of-body probe
        await using var read = await store.OpenReadAsync(written.BlobId, 0, PartSize, null, CancellationToken.None);
        var back = new MemoryStream();
        await read.CopyToAsync(back);
        Assert.Equal(data, back.ToArray());
    }

    /// <summary>A request body as the gateway hands it over: forward only, counting the reads asked of it.</summary>
    private sealed class ReadCountingStream(byte[] data) : Stream
    {
        private int _position;

        public int Reads { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            Reads++;
            var count = Math.Min(buffer.Length, data.Length - _position);
            data.AsSpan(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
