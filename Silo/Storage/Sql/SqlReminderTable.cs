using System.Data.Common;
using Dapper;
using Orleans.Multipart.Runtime;
using Orleans.Multipart.Runtime.Reminders;

namespace Orleans.Multipart.Silo.Storage.Sql;

/// <summary>Durable reminders in the metadata database (table <c>reminders</c>).</summary>
public sealed class SqlReminderTable(SqlDatabase db) : IReminderTable
{
    public Task UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken = default) =>
        db.WriteAsync(async (c, t) =>
        {
            await UpsertAsync(c, t, entry);
            return 0;
        }, cancellationToken);

    public Task RemoveAsync(GrainId grain, string name, CancellationToken cancellationToken = default) =>
        db.WriteAsync((c, t) => c.ExecuteAsync(
            "DELETE FROM reminders WHERE grain_type = @Type AND grain_key = @Key AND name = @name", new { grain.Type, grain.Key, name }, t), cancellationToken);

    public Task<IReadOnlyList<ReminderEntry>> ReadDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default) =>
        db.ReadAsync<IReadOnlyList<ReminderEntry>>(async c => (await c.QueryAsync<Row>(
                "SELECT grain_type AS graintype, grain_key AS grainkey, name, due_ms AS duems, period_ms AS periodms FROM reminders WHERE due_ms <= @now ORDER BY due_ms LIMIT @limit",
                new { now = now.ToUnixTimeMilliseconds(), limit }))
            .Select(r => new ReminderEntry(new GrainId(r.GrainType, r.GrainKey), r.Name, DateTimeOffset.FromUnixTimeMilliseconds(r.DueMs), TimeSpan.FromMilliseconds(r.PeriodMs)))
            .ToList(), cancellationToken);

    public Task<bool> TryClaimAsync(ReminderEntry entry, DateTimeOffset nextDueAt, CancellationToken cancellationToken = default) =>
        db.WriteAsync(async (c, t) => await c.ExecuteAsync(
            "UPDATE reminders SET due_ms = @next WHERE grain_type = @Type AND grain_key = @Key AND name = @Name AND due_ms = @due",
            new { next = nextDueAt.ToUnixTimeMilliseconds(), entry.Grain.Type, entry.Grain.Key, entry.Name, due = entry.DueAt.ToUnixTimeMilliseconds() }, t) == 1, cancellationToken);

    /// <summary>Used inside another component's transaction so that a row and its reminder are written together.</summary>
    internal static Task UpsertAsync(DbConnection c, DbTransaction t, ReminderEntry entry) =>
        c.ExecuteAsync(
            """
            INSERT INTO reminders (grain_type, grain_key, name, due_ms, period_ms) VALUES (@Type, @Key, @Name, @Due, @Period)
            ON CONFLICT (grain_type, grain_key, name) DO UPDATE SET due_ms = excluded.due_ms, period_ms = excluded.period_ms
            """,
            new { entry.Grain.Type, entry.Grain.Key, entry.Name, Due = entry.DueAt.ToUnixTimeMilliseconds(), Period = (long)entry.Period.TotalMilliseconds },
            t);

    internal static Task RemoveAllAsync(DbConnection c, DbTransaction t, string grainType, string grainKey) =>
        c.ExecuteAsync("DELETE FROM reminders WHERE grain_type = @grainType AND grain_key = @grainKey", new { grainType, grainKey }, t);

    private sealed class Row
    {
        public string GrainType { get; set; } = "";
        public string GrainKey { get; set; } = "";
        public string Name { get; set; } = "";
        public long DueMs { get; set; }
        public long PeriodMs { get; set; }
    }
}
