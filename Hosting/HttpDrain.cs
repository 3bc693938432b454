using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Orleans.Multipart.Hosting;

/// <summary>
/// The first step of a graceful stop of a silo or a standalone gateway: /readyz turns 503 while HTTP keeps
/// serving for <see cref="ShutdownOptions.DrainDelay"/>. It runs before any hosted service stops; after it
/// Kestrel (the last hosted service started, so the first stopped) closes its listener and waits for
/// requests in flight, and only then does Orleans stop (the silo leaves the cluster, the gateway's client
/// closes), so no request meets a silo or a client that is gone.
/// </summary>
internal sealed partial class HttpDrain(ReadinessState readiness, IOptions<ShutdownOptions> options, ILogger<HttpDrain> logger) : IHostedLifecycleService
{
    // A host that never finished starting served nobody: nothing to drain.
    private volatile bool _started;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        // ApplicationStopping may already have marked it (SIGTERM fires it before the hosted services stop).
        readiness.MarkStopping();
        var delay = options.Value.DrainDelay;
        if (!_started || delay <= TimeSpan.Zero)
        {
            return;
        }

        Log.Draining(logger, delay);
        try
        {
            await Task.Delay(delay, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The shutdown timeout ran out: stop now.
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        _started = true;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(HostingEventIds.Draining, LogLevel.Information, "Stopping: /readyz is 503, serving HTTP for {DrainDelay} more before closing the listener and stopping Orleans.")]
        public static partial void Draining(ILogger logger, TimeSpan drainDelay);
    }
}
