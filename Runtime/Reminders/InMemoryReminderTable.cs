namespace Orleans.Multipart.Runtime.Reminders;

/// <summary>Process-local reminder table for tests; not durable.</summary>
public sealed class InMemoryReminderTable : IReminderTable
{
    private readonly Dictionary<(GrainId, string), ReminderEntry> _entries = new();

    public Task UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken = default)
    {
        lock (_entries)
        {
            _entries[(entry.Grain, entry.Name)] = entry;
        }

        return Task.CompletedTask;
    }

    public Task RemoveAsync(GrainId grain, string name, CancellationToken cancellationToken = default)
    {
        lock (_entries)
        {
            _entries.Remove((grain, name));
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ReminderEntry>> ReadDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default)
    {
        lock (_entries)
        {
            return Task.FromResult<IReadOnlyList<ReminderEntry>>(_entries.Values.Where(e => e.DueAt <= now).OrderBy(e => e.DueAt).Take(limit).ToList());
        }
    }

    public Task<bool> TryClaimAsync(ReminderEntry entry, DateTimeOffset nextDueAt, CancellationToken cancellationToken = default)
    {
        lock (_entries)
        {
            if (!_entries.TryGetValue((entry.Grain, entry.Name), out var current) || current.DueAt != entry.DueAt)
            {
                return Task.FromResult(false);
            }

            _entries[(entry.Grain, entry.Name)] = current with { DueAt = nextDueAt };
            return Task.FromResult(true);
        }
    }
}
