namespace Orleans.Multipart.Storage.Blobs;

/// <summary>
/// A read-only, forward-only stream: what the S3 backend's reads and uploads hand over. Derived
/// streams implement <see cref="Stream.ReadAsync(Memory{byte}, CancellationToken)"/>, <see cref="Length"/>
/// and <see cref="Position"/>; every other member is the same for all of them.
/// </summary>
internal abstract class ForwardReadStream : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
