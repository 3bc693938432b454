using System.Reflection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Multipart.Runtime.Messaging;

namespace Orleans.Multipart.Runtime.Reminders;

/// <summary>Polls the reminder table and delivers due reminders through the grain call invoker.</summary>
public sealed partial class ReminderService(
    IReminderTable table,
    IGrainCallInvoker invoker,
    IOptions<ReminderOptions> options,
    TimeProvider time,
    ILogger<ReminderService> logger) : BackgroundService
{
    private static readonly MethodInfo ReceiveReminder = typeof(IRemindable).GetMethod(nameof(IRemindable.ReceiveReminder))!;

    /// <summary>Delivers every reminder due now; returns how many were delivered.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = await table.ReadDueAsync(now, options.Value.BatchSize, cancellationToken).ConfigureAwait(false);
        var delivered = 0;
        foreach (var entry in due)
        {
            var oneShot = entry.Period <= TimeSpan.Zero;
            var next = oneShot ? now + options.Value.RetryDelay : NextTick(entry, now);
            if (!await table.TryClaimAsync(entry, next, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            try
            {
                await invoker.InvokeAsync(entry.Grain, ReceiveReminder, [entry.Name], cancellationToken).ConfigureAwait(false);
                delivered++;
                if (oneShot)
                {
                    await table.RemoveAsync(entry.Grain, entry.Name, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.DeliveryFailed(logger, ex, entry.Name, entry.Grain.ToString());
            }
        }

        return delivered;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PollInterval, time);
        try
        {
            do
            {
                try
                {
                    await DeliverDueAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log.PollFailed(logger, ex);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private static DateTimeOffset NextTick(ReminderEntry entry, DateTimeOffset now)
    {
        var next = entry.DueAt;
        while (next <= now)
        {
            next += entry.Period;
        }

        return next;
    }
}
