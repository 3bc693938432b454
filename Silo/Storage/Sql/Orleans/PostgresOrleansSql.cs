namespace Orleans.Multipart.Silo.Storage.Sql.Orleans;

/// <summary>
/// Orleans grain storage, reminders and clustering on PostgreSQL. Compare-and-swap writes are single
/// statements (a data-modifying CTE plus a SELECT that always answers one row), so every provider call
/// is one round trip and atomic without a stored function.
/// </summary>
public static class PostgresOrleansSql
{
    private const string StorageKey = """
        service_id = @ServiceId AND grain_type = @GrainTypeString AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
            AND grain_id_ext = COALESCE(CAST(@GrainIdExtensionString AS text), '')
        """;

    private const string ReminderColumns =
        "grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period AS Period, version AS Version";

    private const string MemberColumns = """
        v.version AS Version, m.address AS Address, m.port AS Port, m.generation AS Generation, m.silo_name AS SiloName,
        m.host_name AS HostName, m.status AS Status, m.proxy_port AS ProxyPort, m.suspect_times AS SuspectTimes,
        m.start_time AS StartTime, m.i_am_alive_time AS IAmAliveTime
        """;

    private const string MemberKey = "deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation";

    public static OrleansProviderSql Sql { get; } = new(
        new Dictionary<string, string>
        {
            ["ReadFromStorageKey"] = $"SELECT payload AS PayloadBinary, version AS Version FROM orleans_storage WHERE {StorageKey}",

            // Insert when nothing was written yet; otherwise update only at the version the caller read.
            // No change answers the caller's own version (NULL when it had none): Orleans reads that as a conflict.
            ["WriteToStorageKey"] = $"""
                WITH written AS (
                    INSERT INTO orleans_storage (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext, grain_type_hash, grain_id_hash, payload, version)
                    VALUES (@ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, COALESCE(CAST(@GrainIdExtensionString AS text), ''), @GrainTypeHash, @GrainIdHash, @PayloadBinary, 1)
                    ON CONFLICT (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext) DO UPDATE
                        SET payload = excluded.payload, version = orleans_storage.version + 1, modified_at = now()
                        WHERE orleans_storage.version = CAST(@GrainStateVersion AS integer)
                    RETURNING version)
                SELECT COALESCE((SELECT version FROM written), CAST(@GrainStateVersion AS integer)) AS NewGrainStateVersion
                """,

            // Clearing keeps the row (payload NULL) so that the version keeps counting.
            ["ClearStorageKey"] = $"""
                WITH cleared AS (
                    UPDATE orleans_storage SET payload = NULL, version = version + 1, modified_at = now()
                    WHERE {StorageKey} AND version = CAST(@GrainStateVersion AS integer)
                    RETURNING version)
                SELECT COALESCE((SELECT version FROM cleared), CAST(@GrainStateVersion AS integer)) AS NewGrainStateVersion
                """,

            ["UpsertReminderRowKey"] = """
                INSERT INTO orleans_reminders (service_id, grain_id, reminder_name, start_time, period, grain_hash, version)
                VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, CAST(@Period AS bigint), @GrainHash, 0)
                ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
                    SET start_time = excluded.start_time, period = excluded.period, grain_hash = excluded.grain_hash, version = orleans_reminders.version + 1
                RETURNING version AS Version
                """,
            ["ReadReminderRowsKey"] = $"SELECT {ReminderColumns} FROM orleans_reminders WHERE service_id = @ServiceId AND grain_id = @GrainId",
            ["ReadReminderRowKey"] = $"SELECT {ReminderColumns} FROM orleans_reminders WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName",
            ["ReadRangeRows1Key"] = $"SELECT {ReminderColumns} FROM orleans_reminders WHERE service_id = @ServiceId AND grain_hash > @BeginHash AND grain_hash <= @EndHash",
            ["ReadRangeRows2Key"] = $"SELECT {ReminderColumns} FROM orleans_reminders WHERE service_id = @ServiceId AND (grain_hash > @BeginHash OR grain_hash <= @EndHash)",
            ["DeleteReminderRowKey"] = """
                WITH deleted AS (
                    DELETE FROM orleans_reminders
                    WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName AND version = CAST(@Version AS integer)
                    RETURNING 1)
                SELECT CAST(COUNT(*) AS integer) FROM deleted
                """,
            ["DeleteReminderRowsKey"] = "DELETE FROM orleans_reminders WHERE service_id = @ServiceId",

            ["InsertMembershipVersionKey"] = """
                WITH created AS (
                    INSERT INTO orleans_membership_version (deployment_id, version) VALUES (@DeploymentId, 0)
                    ON CONFLICT (deployment_id) DO NOTHING
                    RETURNING 1)
                SELECT CAST(COUNT(*) AS integer) FROM created
                """,
            ["MembershipReadAllKey"] = $"""
                SELECT {MemberColumns}
                FROM orleans_membership_version v LEFT JOIN orleans_membership m ON m.deployment_id = v.deployment_id
                WHERE v.deployment_id = @DeploymentId
                """,
            ["MembershipReadRowKey"] = $"""
                SELECT {MemberColumns}
                FROM orleans_membership_version v LEFT JOIN orleans_membership m ON m.deployment_id = v.deployment_id
                    AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
                WHERE v.deployment_id = @DeploymentId
                """,

            // The version row advances only when the caller's version matches and the member row is new;
            // the member row goes in only when the version advanced: one statement, so both or neither.
            ["InsertMembershipKey"] = $"""
                WITH advanced AS (
                    UPDATE orleans_membership_version SET version = version + 1, changed_at = now()
                    WHERE deployment_id = @DeploymentId AND version = @Version
                        AND NOT EXISTS (SELECT 1 FROM orleans_membership WHERE {MemberKey})
                    RETURNING deployment_id),
                inserted AS (
                    INSERT INTO orleans_membership (deployment_id, address, port, generation, silo_name, host_name, status, proxy_port, start_time, i_am_alive_time)
                    SELECT deployment_id, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime FROM advanced
                    RETURNING 1)
                SELECT CAST(COUNT(*) AS integer) FROM inserted
                """,
            ["UpdateMembershipKey"] = $"""
                WITH advanced AS (
                    UPDATE orleans_membership_version SET version = version + 1, changed_at = now()
                    WHERE deployment_id = @DeploymentId AND version = @Version
                        AND EXISTS (SELECT 1 FROM orleans_membership WHERE {MemberKey})
                    RETURNING deployment_id),
                updated AS (
                    UPDATE orleans_membership SET status = @Status, suspect_times = @SuspectTimes, i_am_alive_time = @IAmAliveTime
                    WHERE {MemberKey} AND EXISTS (SELECT 1 FROM advanced)
                    RETURNING 1)
                SELECT CAST(COUNT(*) AS integer) FROM updated
                """,
            ["UpdateIAmAlivetimeKey"] = $"UPDATE orleans_membership SET i_am_alive_time = @IAmAliveTime WHERE {MemberKey}",
            ["DeleteMembershipTableEntriesKey"] = """
                DELETE FROM orleans_membership WHERE deployment_id = @DeploymentId;
                DELETE FROM orleans_membership_version WHERE deployment_id = @DeploymentId;
                """,
            ["GatewaysQueryKey"] = """
                SELECT address AS Address, proxy_port AS ProxyPort, generation AS Generation FROM orleans_membership
                WHERE deployment_id = @DeploymentId AND status = @Status AND proxy_port > 0
                """,
            ["CleanupDefunctSiloEntriesKey"] = "DELETE FROM orleans_membership WHERE deployment_id = @DeploymentId AND i_am_alive_time < @IAmAliveTime AND status <> 3",
            ["CleanupDefunctSiloEntryKey"] = $"DELETE FROM orleans_membership WHERE {MemberKey} AND status = 6",
        });
}
