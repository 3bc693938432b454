namespace Orleans.Multipart.Gateway.Core;

/// <summary>
/// Closes the connection after an answer when the request body cannot be drained. Kestrel reads the rest
/// of an unread body after the answer so that the connection can carry the next request; a body read that
/// was cancelled (the idle timeout) or failed leaves Kestrel's body reader mid-read, and its drain then
/// fails ("Reading is already in progress", logged as an error) and the connection's state is unknown. An
/// answer sent while a read is still in flight or after one failed says <c>Connection: close</c>, so
/// Kestrel does not drain it.
/// </summary>
public static class BodyDrainGuard
{
    public static void Watch(HttpContext context)
    {
        var body = new DrainWatchStream(context.Request.Body);
        context.Request.Body = body;
        context.Response.OnStarting(() =>
        {
            if (!body.Drainable)
            {
                context.Response.Headers.Connection = "close";
            }

            return Task.CompletedTask;
        });
    }

    /// <summary>A pass-through body that knows whether a read is in flight or one ended in an exception.</summary>
    private sealed class DrainWatchStream(Stream inner) : ReadOnlyBodyStream
    {
        private int _inFlight;
        private volatile bool _failed;

        public bool Drainable => Volatile.Read(ref _inFlight) == 0 && !_failed;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _inFlight);
            try
            {
                return await inner.ReadAsync(buffer, cancellationToken);
            }
            catch
            {
                _failed = true;
                throw;
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }
    }
}
