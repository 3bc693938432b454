namespace Orleans.Multipart.Gateway.Core;

/// <summary>
/// A read-only wrapper that fails a read which waits longer than the idle timeout for the client's
/// next bytes: a client that announced more bytes than it sends gets an answer instead of holding a
/// request (and a half-written blob) open forever. Slow but moving clients are never cut off.
/// </summary>
internal sealed class IdleTimeoutStream(Stream inner, TimeSpan idleTimeout) : ReadOnlyBodyStream
{
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        idle.CancelAfter(idleTimeout);
        try
        {
            return await inner.ReadAsync(buffer, idle.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new BodyIdleTimeoutException(idleTimeout);
        }
    }
}

internal sealed class BodyIdleTimeoutException(TimeSpan timeout)
    : Exception($"No body bytes arrived for {timeout.TotalSeconds:0.#} seconds.");
