using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Multipart.Grains.Storage;

namespace Orleans.Multipart.Grains;

/// <summary>
/// The expiry sweep. One durable Orleans reminder wakes this grain every
/// <see cref="MultipartOptions.ExpirySweepPeriod"/> (on whichever silo owns it, again after a restart). Each tick
/// (1) aborts the open uploads of buckets without lifecycle rules initiated before the service-wide cutoff, read
/// from an index, and (2) wakes one <see cref="ILifecycleWorkerGrain"/> per bucket with rules, read from the
/// lifecycle_buckets table: those run the bucket's own rules, each on the silo its activation was placed on, while
/// this tick goes on. Initiate writes no reminder row, and the sweep's cost does not grow with the number of open
/// uploads or objects that have not expired.
/// </summary>
[GrainType("upload-expiry")]
public sealed partial class UploadExpiryGrain(
    IMetadataStore store,
    IOptions<MultipartOptions> options,
    TimeProvider time,
    MultipartMetrics metrics,
    ILogger<UploadExpiryGrain> logger) : Grain, IUploadExpiryGrain, IRemindable
{
    public const string ReminderPrefix = "sweep-expired-uploads-every-";
    private const int BatchSize = 500;

    public async Task Start()
    {
        // The reminder's name carries its period, so a changed period replaces the old reminder,
        // while a silo restart leaves a matching one alone (re-registering would push its tick back).
        // It runs even when the service-wide expiry is off: buckets' lifecycle rules are woken by it too.
        var period = options.Value.ExpirySweepPeriod;
        var wanted = ReminderPrefix + ((long)period.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture) + "s";
        var found = false;
        foreach (var reminder in await this.GetReminders())
        {
            if (reminder.ReminderName == wanted)
            {
                found = true;
            }
            else if (reminder.ReminderName.StartsWith(ReminderPrefix, StringComparison.Ordinal))
            {
                await this.UnregisterReminder(reminder);
            }
        }

        if (!found)
        {
            await this.RegisterOrUpdateReminder(wanted, period, period);
        }
    }

    public async Task<int> Sweep()
    {
        var aborted = await AbortDefaultExpiredAsync();
        await WakeLifecycleWorkersAsync();
        return aborted;
    }

    /// <summary>The service-wide rule, for buckets without lifecycle rules of their own.</summary>
    private async Task<int> AbortDefaultExpiredAsync()
    {
        var expireAfter = options.Value.AbortIncompleteUploadsAfter;
        if (expireAfter <= TimeSpan.Zero)
        {
            return 0;
        }

        var cutoff = time.GetUtcNow() - expireAfter;
        var aborted = 0;
        (DateTimeOffset, string)? after = null;
        while (true)
        {
            var expired = await store.ListDefaultExpiryUploadsAsync(cutoff, after, BatchSize);
            foreach (var upload in expired)
            {
                if (await store.AbortUploadAsync(upload.Bucket, upload.Key, upload.UploadId))
                {
                    aborted++;
                }
            }

            if (expired.Count < BatchSize)
            {
                break;
            }

            after = (expired[^1].Initiated, expired[^1].UploadId);
        }

        if (aborted > 0)
        {
            metrics.UploadsExpired(aborted);
            Log.Aborted(logger, aborted, cutoff);
        }

        return aborted;
    }

    /// <summary>
    /// One one-way call per bucket with rules: each worker sweeps its bucket by itself (a bucket of a million expired
    /// objects takes longer than a grain call may), and the workers' activations are spread over the silos.
    /// </summary>
    private async Task WakeLifecycleWorkersAsync()
    {
        string? after = null;
        while (true)
        {
            var buckets = await store.ListLifecycleBucketsAsync(after, BatchSize);
            foreach (var bucket in buckets)
            {
                await GrainFactory.GetGrain<ILifecycleWorkerGrain>(bucket).Wake();
            }

            if (buckets.Count < BatchSize)
            {
                return;
            }

            after = buckets[^1];
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName.StartsWith(ReminderPrefix, StringComparison.Ordinal) ? Sweep() : Task.CompletedTask;
}
