using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Multipart.Grains.Storage;

namespace Orleans.Multipart.Grains;

/// <summary>
/// The expiry sweep. One durable Orleans reminder wakes this grain every
/// <see cref="MultipartOptions.ExpirySweepPeriod"/> (on whichever silo owns it, again after a restart);
/// each tick reads the open uploads initiated before the cutoff from an index and aborts them.
/// Initiate writes no reminder row, and the sweep's cost does not grow with the number of open uploads
/// that have not expired.
/// </summary>
[GrainType("upload-expiry")]
public sealed partial class UploadExpiryGrain(
    IMetadataStore store,
    IOptions<MultipartOptions> options,
    TimeProvider time,
    ILogger<UploadExpiryGrain> logger) : Grain, IUploadExpiryGrain, IRemindable
{
    public const string ReminderPrefix = "sweep-expired-uploads-every-";
    private const int BatchSize = 500;

    public async Task Start()
    {
        // The reminder's name carries its period, so a changed period replaces the old reminder,
        // while a silo restart leaves a matching one alone (re-registering would push its tick back).
        var period = options.Value.ExpirySweepPeriod;
        var wanted = options.Value.AbortIncompleteUploadsAfter > TimeSpan.Zero
            ? ReminderPrefix + ((long)period.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture) + "s"
            : null;
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

        if (wanted is not null && !found)
        {
            await this.RegisterOrUpdateReminder(wanted, period, period);
        }
    }

    public async Task<int> Sweep()
    {
        var expireAfter = options.Value.AbortIncompleteUploadsAfter;
        if (expireAfter <= TimeSpan.Zero)
        {
            return 0;
        }

        var cutoff = time.GetUtcNow() - expireAfter;
        var aborted = 0;
        while (true)
        {
            var expired = await store.ListOpenUploadsInitiatedBeforeAsync(cutoff, BatchSize);
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
        }

        if (aborted > 0)
        {
            Log.Aborted(logger, aborted, cutoff);
        }

        return aborted;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName.StartsWith(ReminderPrefix, StringComparison.Ordinal) ? Sweep() : Task.CompletedTask;
}
