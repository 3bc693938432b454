using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Orleans.Multipart.Runtime.Activation;

/// <summary>Deactivates activations that have been idle longer than <see cref="GrainCollectionOptions.CollectionAge"/>.</summary>
public sealed partial class ActivationCollector(
    ActivationDirectory directory,
    IOptions<GrainCollectionOptions> options,
    TimeProvider time,
    ILogger<ActivationCollector> logger) : BackgroundService
{
    /// <summary>Runs one collection pass; returns how many activations were deactivated.</summary>
    public async Task<int> CollectOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetTimestamp();
        var collected = 0;
        foreach (var activation in directory.Snapshot())
        {
            if (time.GetElapsedTime(activation.LastUsedTicks, now) >= options.Value.CollectionAge
                && await activation.TryDeactivateAsync(cancellationToken).ConfigureAwait(false))
            {
                collected++;
            }
        }

        if (collected > 0)
        {
            Log.Collected(logger, collected, directory.Count);
        }

        return collected;
    }

    /// <summary>Deactivates everything (silo shutdown).</summary>
    public async Task DeactivateAllAsync(CancellationToken cancellationToken)
    {
        foreach (var activation in directory.Snapshot())
        {
            await activation.TryDeactivateAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CollectionQuantum, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await CollectOnceAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
