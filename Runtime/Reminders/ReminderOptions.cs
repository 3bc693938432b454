namespace Orleans.Multipart.Runtime.Reminders;

/// <summary>How the reminder service polls its table.</summary>
public sealed class ReminderOptions
{
    /// <summary>How often the table is read for due reminders. Default: 10 seconds; reminders are for minutes-to-days timers, not precise ones.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Most reminders delivered per poll. Default: 500, so a backlog drains without starving the silo.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>
    /// A one-shot reminder whose delivery failed is retried after this delay. Default: 1 minute.
    /// One-shot reminders are claimed by moving them this far into the future and deleted after a successful delivery.
    /// </summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMinutes(1);
}
