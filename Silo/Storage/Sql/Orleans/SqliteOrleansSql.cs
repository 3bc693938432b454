namespace Orleans.Multipart.Silo.Storage.Sql.Orleans;

/// <summary>
/// Orleans grain storage and reminders on the embedded SQLite file (clustering is localhost there).
/// SQLite has no data-modifying CTEs: each compare-and-swap is a write followed by a SELECT that reads
/// <c>changes()</c>, in one command (one connection, so nothing runs in between).
/// </summary>
public static class SqliteOrleansSql
{
    private const string StorageKey = """
        service_id = @ServiceId AND grain_type = @GrainTypeString AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
            AND grain_id_ext = COALESCE(@GrainIdExtensionString, '')
        """;

    private const string ReminderColumns =
        "grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period AS Period, version AS Version";

    public static OrleansProviderSql Sql { get; } = new(
        new Dictionary<string, string>
        {
            ["ReadFromStorageKey"] = $"SELECT payload AS PayloadBinary, version AS Version FROM orleans_storage WHERE {StorageKey}",

            // Insert when nothing was written yet; otherwise update only at the version the caller read.
            // No change answers the caller's own version (NULL when it had none): Orleans reads that as a conflict.
            ["WriteToStorageKey"] = $"""
                INSERT INTO orleans_storage (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext, grain_type_hash, grain_id_hash, payload, version)
                VALUES (@ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, COALESCE(@GrainIdExtensionString, ''), @GrainTypeHash, @GrainIdHash, @PayloadBinary, 1)
                ON CONFLICT (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext) DO UPDATE
                    SET payload = excluded.payload, version = version + 1
                    WHERE version = @GrainStateVersion;
                SELECT CASE WHEN changes() > 0 THEN (SELECT version FROM orleans_storage WHERE {StorageKey}) ELSE @GrainStateVersion END AS NewGrainStateVersion;
                """,
            ["ClearStorageKey"] = $"""
                UPDATE orleans_storage SET payload = NULL, version = version + 1 WHERE {StorageKey} AND version = @GrainStateVersion;
                SELECT CASE WHEN changes() > 0 THEN @GrainStateVersion + 1 ELSE @GrainStateVersion END AS NewGrainStateVersion;
                """,

            ["UpsertReminderRowKey"] = """
                INSERT INTO orleans_reminders (service_id, grain_id, reminder_name, start_time, period, grain_hash, version)
                VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
                ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
                    SET start_time = excluded.start_time, period = excluded.period, grain_hash = excluded.grain_hash, version = version + 1;
                SELECT version AS Version FROM orleans_reminders WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName;
                """,
            ["ReadReminderRowsKey"] = $"SELECT {ReminderColumns} FROM orleans_reminders WHERE service_id = @ServiceId AND grain_id = @GrainId",
            ["ReadReminderRowKey"] = $"SELECT {ReminderColumns} FROM orleans_reminders WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName",
            ["ReadRangeRows1Key"] = $"SELECT {ReminderColumns} FROM orleans_reminders WHERE service_id = @ServiceId AND grain_hash > @BeginHash AND grain_hash <= @EndHash",
            ["ReadRangeRows2Key"] = $"SELECT {ReminderColumns} FROM orleans_reminders WHERE service_id = @ServiceId AND (grain_hash > @BeginHash OR grain_hash <= @EndHash)",
            ["DeleteReminderRowKey"] = """
                DELETE FROM orleans_reminders WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName AND version = @Version;
                SELECT changes();
                """,
            ["DeleteReminderRowsKey"] = "DELETE FROM orleans_reminders WHERE service_id = @ServiceId",
        });
}
