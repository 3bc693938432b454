using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Multipart.Grains;
using Orleans.Multipart.Grains.Storage;
using Orleans.Multipart.Storage;

namespace Orleans.Multipart.Silo.Storage.Blobs;

/// <summary>
/// Reclaims disk: blobs on the garbage list (replaced and unlisted parts, aborted uploads, overwritten
/// and deleted objects) after their grace period, and orphans (files written by requests that died
/// before registering them) found by sweeping the directory.
/// </summary>
public sealed partial class BlobCollector(
    IMetadataStore store,
    IBlobStore blobs,
    IOptions<BlobCollectorOptions> options,
    TimeProvider time,
    MultipartMetrics metrics,
    ILogger<BlobCollector> logger) : BackgroundService
{
    /// <summary>
    /// Deletes every garbage blob past its grace period; returns how many. <see cref="BlobCollectorOptions.ParallelBatches"/>
    /// drains run at once, each taking one batch at a time (<see cref="IMetadataStore.CollectGarbageBatchAsync"/>): the
    /// database hands each entry to one of them (and to one silo), and an entry whose blob deletion fails stays listed.
    /// </summary>
    public async Task<int> CollectGarbageAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var before = time.GetUtcNow() - settings.GarbageGracePeriod;
        var total = 0;

        // A failing drain does not stop the others (the fault is usually shared, e.g. the database down, and they meet
        // it too); every drain's fault is a real one, so the first one WhenAll rethrows is worth logging.
        async Task DrainAsync()
        {
            while (true)
            {
                var collected = await store.CollectGarbageBatchAsync(before, settings.BatchSize, blobs.DeleteAsync, cancellationToken);
                if (collected == 0)
                {
                    return;
                }

                metrics.BlobsCollected(collected);
                Log.GarbageProgress(logger, Interlocked.Add(ref total, collected));
                if (collected < settings.BatchSize)
                {
                    return;
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, settings.ParallelBatches).Select(_ => DrainAsync()));
        return total;
    }

    /// <summary>Deletes files older than the orphan grace period that no row names; returns how many.</summary>
    public async Task<int> SweepOrphansAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - options.Value.OrphanGracePeriod;
        int seen = 0, deleted = 0;
        var orphans = new List<string>(OrphanDeleteBatch);
        await foreach (var (blobId, lastWrite) in blobs.EnumerateAsync(cancellationToken))
        {
            seen++;
            if (lastWrite < cutoff && !await store.IsBlobKnownAsync(blobId, cancellationToken))
            {
                orphans.Add(blobId);
                if (orphans.Count == OrphanDeleteBatch)
                {
                    deleted += await DeleteOrphansAsync(orphans, cancellationToken);
                }
            }

            if (seen % 10_000 == 0)
            {
                Log.SweepProgress(logger, seen, deleted);
            }
        }

        deleted += await DeleteOrphansAsync(orphans, cancellationToken);

        Log.SweepDone(logger, seen, deleted);
        return deleted;
    }

    /// <summary>Orphans deleted in one call: one backend DeleteObjects request holds at most 1,000 keys.</summary>
    private const int OrphanDeleteBatch = 1000;

    private async Task<int> DeleteOrphansAsync(List<string> orphans, CancellationToken cancellationToken)
    {
        if (orphans.Count == 0)
        {
            return 0;
        }

        await blobs.DeleteAsync(orphans, cancellationToken);
        var count = orphans.Count;
        metrics.BlobsCollected(count);
        orphans.Clear();
        return count;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var nextSweep = time.GetUtcNow() + options.Value.OrphanSweepInterval;
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await CollectGarbageAsync(stoppingToken);
                    if (time.GetUtcNow() >= nextSweep)
                    {
                        await SweepOrphansAsync(stoppingToken);
                        nextSweep = time.GetUtcNow() + options.Value.OrphanSweepInterval;
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log.Failed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
