namespace Orleans.Multipart.Gateway.Core;

/// <summary>A pass-through request body that remembers whether anyone has read from it.</summary>
internal sealed class ReadWatchStream(Stream inner) : ReadOnlyBodyStream
{
    /// <summary>True once a read was attempted (Kestrel has then sent <c>100 Continue</c>).</summary>
    public bool ReadStarted { get; private set; }

    public override int Read(byte[] buffer, int offset, int count)
    {
        ReadStarted = true;
        return inner.Read(buffer, offset, count);
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ReadStarted = true;
        return inner.ReadAsync(buffer, cancellationToken);
    }
}
