namespace Orleans.Multipart.Runtime.Reminders;

/// <summary>One durable reminder: deliver <see cref="Name"/> to <see cref="Grain"/> at <see cref="DueAt"/>, then every <see cref="Period"/> (zero: once).</summary>
public sealed record ReminderEntry(GrainId Grain, string Name, DateTimeOffset DueAt, TimeSpan Period);

/// <summary>
/// Durable reminder storage. Delivery is claimed with a conditional update
/// (<see cref="TryClaimAsync"/>), so when several silos poll the same table each due tick is
/// delivered by one of them.
/// </summary>
public interface IReminderTable
{
    Task UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken = default);

    Task RemoveAsync(GrainId grain, string name, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ReminderEntry>> ReadDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default);

    /// <summary>Moves a due reminder from <paramref name="entry"/>'s due time to <paramref name="nextDueAt"/>; false if someone else already did.</summary>
    Task<bool> TryClaimAsync(ReminderEntry entry, DateTimeOffset nextDueAt, CancellationToken cancellationToken = default);
}
