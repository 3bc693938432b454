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
    /// <summary>Deletes every garbage blob past its grace period; returns how many.</summary>
    public async Task<int> CollectGarbageAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            var batch = await store.ReadGarbageAsync(time.GetUtcNow() - options.Value.GarbageGracePeriod, options.Value.BatchSize, cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }

            await blobs.DeleteAsync(batch, cancellationToken);
            await store.ForgetGarbageAsync(batch, cancellationToken);
            total += batch.Count;
            metrics.BlobsCollected(batch.Count);
            Log.GarbageProgress(logger, total);
        }

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
