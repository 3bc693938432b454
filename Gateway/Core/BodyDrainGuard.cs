using System.Buffers;
using System.IO.Pipelines;

namespace Orleans.Multipart.Gateway.Core;

/// <summary>
/// Keeps the request body drainable, whatever stops a read of it. After the answer Kestrel reads what is
/// left of the body (so that the connection can carry the next request, and to avoid a reset). A body
/// read cancelled through its token (the idle timeout, <see cref="IdleTimeoutStream"/>) leaves Kestrel's
/// body reader in the middle of a read, so that drain failed with "Reading is already in progress",
/// logged as an error, and the connection's state was unknown. Here the body is read from Kestrel's
/// <see cref="PipeReader"/> and a cancellation stops the read with <see cref="PipeReader.CancelPendingRead"/>,
/// which ends it cleanly. An answer given after a read failed or while one is in flight also says
/// <c>Connection: close</c>: the client's remaining bytes are not the next request.
/// </summary>
internal static class BodyDrainGuard
{
    /// <summary>Call before any other wrapper replaces the request body (it reads Kestrel's own reader).</summary>
    public static void Watch(HttpContext context)
    {
        var body = new DrainableBodyStream(context.Request.BodyReader);
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

    private sealed class DrainableBodyStream(PipeReader reader) : ReadOnlyBodyStream
    {
        private int _inFlight;
        private volatile bool _failed;

        /// <summary>False while a read is in flight or after one ended in an exception.</summary>
        public bool Drainable => Volatile.Read(ref _inFlight) == 0 && !_failed;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _inFlight);
            try
            {
                return await ReadCoreAsync(buffer, cancellationToken);
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

        private async ValueTask<int> ReadCoreAsync(Memory<byte> buffer, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (buffer.IsEmpty)
            {
                return 0;
            }

            // The token is not passed to Kestrel (see the class comment): it cancels the pending read instead.
            using var registration = cancellationToken.UnsafeRegister(static r => ((PipeReader)r!).CancelPendingRead(), reader);
            while (true)
            {
                var result = await reader.ReadAsync(CancellationToken.None);
                var data = result.Buffer;
                if (result.IsCanceled)
                {
                    reader.AdvanceTo(data.Start);
                    // A cancellation meant for an earlier read (its token fired just as that read completed) is not this one's.
                    cancellationToken.ThrowIfCancellationRequested();
                    continue;
                }

                if (data.IsEmpty)
                {
                    reader.AdvanceTo(data.End);
                    if (result.IsCompleted)
                    {
                        return 0;
                    }

                    continue;
                }

                var count = (int)Math.Min(data.Length, buffer.Length);
                var taken = data.Slice(0, count);
                taken.CopyTo(buffer.Span);
                reader.AdvanceTo(taken.End);
                return count;
            }
        }
    }
}
