namespace Orleans.Multipart.Storage;

/// <summary>
/// A read-only, forward-only stream: the S3 backend's reads and uploads, and the gateway's request-body
/// wrappers (checksumming, idle timeout, aws-chunked decoding). A derived stream writes only its
/// <see cref="ReadAsync(Memory{byte}, CancellationToken)"/>, and <see cref="Length"/> and
/// <see cref="Position"/> when it knows them (they throw otherwise). Synchronous reads go through the
/// asynchronous one (Kestrel refuses synchronous body reads anyway).
/// </summary>
public abstract class ReadOnlyForwardStream : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public abstract override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default);

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
