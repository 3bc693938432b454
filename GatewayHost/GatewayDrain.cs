using Microsoft.Extensions.Options;
using Orleans.Multipart.Silo.Hosting;

namespace Orleans.Multipart.GatewayHost;

/// <summary>
/// The gateway's graceful stop, as the silo's: /readyz turns 503 and HTTP keeps serving for
/// <c>Shutdown:DrainDelay</c>, then Kestrel (stopped first) finishes requests in flight, then the Orleans client closes.
/// </summary>
internal sealed partial class GatewayDrain(GatewayReadiness readiness, IOptions<ShutdownOptions> options, ILogger<GatewayDrain> logger) : IHostedLifecycleService
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
        [LoggerMessage(2001, LogLevel.Information, "Stopping: /readyz is 503, serving HTTP for {DrainDelay} more before closing the listener.")]
        public static partial void Draining(ILogger logger, TimeSpan drainDelay);
    }
}
