using System.Data.Common;
using System.Text.Json;
using Dapper;
using Orleans.Multipart.Grains;
using Orleans.Multipart.Grains.Storage;

namespace Orleans.Multipart.Silo.Storage.Sql;

/// <summary>
/// Bucket versioning (issue 23). The design, and why:
/// <list type="bullet">
/// <item><c>objects</c> stays the key's current object; <c>object_versions</c> (0003) holds noncurrent versions and
/// delete markers. Every path that serves or lists current objects keeps its SQL, and a bucket never versioned keeps
/// its round trips: the versioning state is a column of the bucket row, read by the statement each write already runs
/// (the bucket read of PUT and copy, the guard-row upsert of Complete and DELETE).</item>
/// <item>A write or delete in a versioned bucket moves the current row into <c>object_versions</c> instead of dropping
/// its parts. A version's parts rows stay exactly as long as its row, so the blob triggers of 0001 keep every blob a live
/// version names, with no new trigger: a blob becomes garbage only when the last parts row naming it goes, which is
/// when the last version (of any key, copies share blobs) naming it is deleted.</item>
/// <item>A key's versions are ordered by its guard row's write counter (<c>key_guards.writes</c>, never reset), taken
/// under the guard lock, so the order is the order of commits whatever the clocks of the silos say.</item>
/// <item>The latest version is the <c>objects</c> row when there is one, else the newest <c>object_versions</c> row (a
/// delete marker). Deleting the current object or the latest marker by version ID promotes the newest remaining version
/// back into <c>objects</c> when it is an object.</item>
/// </list>
/// Lock order, as everywhere in the store: bucket row (key share), key guard(s), upload row, part rows. Complete and DELETE
/// read the bucket row in the guard's statement (after the guard): nothing that locks a bucket row exclusively
/// (DeleteBucket, PutBucketVersioning) ever waits for a guard, so that order cannot deadlock either.
/// PutBucketVersioning locks the bucket row FOR UPDATE, which waits for every write holding it in key share: a write
/// runs wholly under one versioning state.
/// </summary>
public sealed partial class SqlMetadataStore
{
    public Task<BucketVersioningOutcome> SetBucketVersioningAsync(string bucket, BucketVersioning state, CancellationToken cancellationToken = default) =>
        db.WriteAsync(async (c, t) =>
        {
            var rule = await c.ExecuteScalarAsync<long?>($"SELECT rule FROM buckets WHERE name = @bucket{D.ForUpdate}", new { bucket }, t);
            if (rule is null)
            {
                return BucketVersioningOutcome.NotFound;
            }

            if ((BucketRule)rule.Value == BucketRule.Exclusive)
            {
                return BucketVersioningOutcome.ExclusiveBucket;
            }

            await c.ExecuteAsync("UPDATE buckets SET versioning = @state WHERE name = @bucket", new { bucket, state = (int)state }, t);
            return BucketVersioningOutcome.Set;
        }, cancellationToken);

    public Task<StoredVersion?> GetObjectVersionAsync(string bucket, string key, string versionId, CancellationToken cancellationToken = default) =>
        db.ReadAsync(c => ReadVersionAsync(c, null, bucket, key, versionId), cancellationToken);

    public Task<DeleteMarkerInfo?> GetLatestDeleteMarkerAsync(string bucket, string key, CancellationToken cancellationToken = default) =>
        db.ReadAsync(async c =>
        {
            var newest = (await c.QueryAsync<VersionRow>(
                VersionRow.Select + " WHERE v.bucket = @bucket AND v.object_key = @key AND NOT EXISTS (SELECT 1 FROM objects o WHERE o.bucket = @bucket AND o.object_key = @key) ORDER BY v.seq DESC LIMIT 1",
                new { bucket, key })).FirstOrDefault();
            return newest is { IsMarker: not 0 } ? new DeleteMarkerInfo(newest.VersionId, DateTimeOffset.FromUnixTimeMilliseconds(newest.ModifiedMs)) : null;
        }, cancellationToken);

    public Task<DeleteResult?> DeleteObjectVersionAsync(string bucket, string key, string? versionId, string? owner = null, CancellationToken cancellationToken = default, string? onlySourceId = null) =>
        db.WriteAsync<DeleteResult?>(async (c, t) =>
        {
            var (writes, versioning) = await GuardVersionedKeyAsync(c, t, bucket, key);
            var current = await ReadObjectAsync(c, t, bucket, key);
            if (versionId is null)
            {
                // Lifecycle expiry names the object it found due: one written since (or none) is not it.
                if (onlySourceId is not null && current?.SourceId != onlySourceId)
                {
                    return null;
                }

                return await DeleteCurrentAsync(c, t, bucket, key, versioning, current, writes, owner);
            }

            if (current is not null && (current.VersionId ?? VersionIds.Null) == versionId)
            {
                await DiscardSourceAsync(c, t, current.SourceId);
                await c.ExecuteAsync("DELETE FROM objects WHERE bucket = @bucket AND object_key = @key", new { bucket, key }, t);
                await PromoteNewestAsync(c, t, bucket, key);
                return new DeleteResult(versionId, false);
            }

            var removed = (await c.QueryAsync<RemovedVersionRow>(
                "DELETE FROM object_versions WHERE bucket = @bucket AND object_key = @key AND version_id = @versionId RETURNING source_id AS sourceid, is_marker AS ismarker",
                new { bucket, key, versionId }, t)).ToList();
            if (removed.Count == 0)
            {
                return null;
            }

            if (removed[0].SourceId is { } sourceId)
            {
                await DiscardSourceAsync(c, t, sourceId);
            }

            if (current is null)
            {
                // The version removed may have been the latest (a delete marker): the next one down may be an object again.
                await PromoteNewestAsync(c, t, bucket, key);
            }

            return new DeleteResult(versionId, removed[0].IsMarker != 0);
        }, cancellationToken);

    public Task<IReadOnlyList<StoredVersionEntry>> ListObjectVersionsAsync(string bucket, string prefix, string? afterKey, long? afterSeq, int limit, CancellationToken cancellationToken = default) =>
        db.ReadAsync<IReadOnlyList<StoredVersionEntry>>(async c =>
        {
            // After a key marker alone: the next key. After a version: that key's older versions, then the next key.
            var (afterCurrent, afterVersion) = afterKey is null
                ? ("", "")
                : afterSeq is null
                    ? (" AND object_key > @afterKey", " AND v.object_key > @afterKey")
                    : (" AND (object_key > @afterKey OR (object_key = @afterKey AND version_seq < @afterSeq))", " AND (v.object_key > @afterKey OR (v.object_key = @afterKey AND v.seq < @afterSeq))");
            var rows = await c.QueryAsync<ListedVersionRow>(
                $"""
                SELECT objectkey, versionid, seq, ismarker, islatest, size, etag, modifiedms, settings FROM (
                    SELECT object_key AS objectkey, COALESCE(version_id, 'null') AS versionid, version_seq AS seq, 0 AS ismarker, 1 AS islatest,
                           size, etag, modified_ms AS modifiedms, settings
                    FROM objects WHERE bucket = @bucket AND object_key >= @prefix{afterCurrent}
                    UNION ALL
                    SELECT v.object_key, v.version_id, v.seq, v.is_marker,
                           CASE WHEN NOT EXISTS (SELECT 1 FROM objects o WHERE o.bucket = v.bucket AND o.object_key = v.object_key)
                                 AND NOT EXISTS (SELECT 1 FROM object_versions w WHERE w.bucket = v.bucket AND w.object_key = v.object_key AND w.seq > v.seq)
                                THEN 1 ELSE 0 END,
                           v.size, v.etag, v.modified_ms, v.settings
                    FROM object_versions v WHERE v.bucket = @bucket AND v.object_key >= @prefix{afterVersion}
                ) listed
                ORDER BY objectkey, seq DESC LIMIT @limit
                """,
                new { bucket, prefix, afterKey, afterSeq, limit });
            return rows.Select(r => r.ToEntry()).ToList();
        }, cancellationToken);

    public Task<long?> GetVersionPositionAsync(string bucket, string key, string versionId, CancellationToken cancellationToken = default) =>
        db.ReadAsync(c => c.ExecuteScalarAsync<long?>(
            """
            SELECT version_seq FROM objects WHERE bucket = @bucket AND object_key = @key AND COALESCE(version_id, 'null') = @versionId
            UNION ALL SELECT seq FROM object_versions WHERE bucket = @bucket AND object_key = @key AND version_id = @versionId
            """,
            new { bucket, key, versionId }), cancellationToken);

    /// <summary>
    /// The key's guard row (as <see cref="GuardKeyAsync"/>) and, in the same statement, its bucket's versioning state read
    /// in key share (Unversioned when the bucket is gone: the caller's own checks then answer): no extra round trip.
    /// </summary>
    private async Task<(long Writes, BucketVersioning Versioning)> GuardVersionedKeyAsync(DbConnection c, DbTransaction t, string bucket, string key)
    {
        var row = await c.QuerySingleAsync<GuardRow>(
            $"""
            INSERT INTO key_guards (bucket, object_key, writes) VALUES (@bucket, @key, 1)
            ON CONFLICT (bucket, object_key) DO UPDATE SET writes = key_guards.writes + 1
            RETURNING writes, (SELECT versioning FROM buckets WHERE name = @bucket{D.ForKeyShare}) AS versioning
            """,
            new { bucket, key }, t);
        return (row.Writes, (BucketVersioning)(row.Versioning ?? 0));
    }

    /// <summary>The bucket's rule and versioning state, its row held in key share (one statement, as the rule alone was read before).</summary>
    private async Task<(BucketRule Rule, BucketVersioning Versioning)> BucketStateAsync(DbConnection c, DbTransaction t, string bucket)
    {
        var rows = (await c.QueryAsync<BucketStateRow>($"SELECT rule, versioning FROM buckets WHERE name = @bucket{D.ForKeyShare}", new { bucket }, t)).ToList();
        return rows.Count == 1
            ? ((BucketRule)rows[0].Rule, (BucketVersioning)rows[0].Versioning)
            : throw new MultipartException(MultipartError.NoSuchBucket, "The specified bucket does not exist");
    }

    /// <summary>
    /// Makes room for a new current object of the key (the caller holds its guard and writes the new row next) and returns
    /// the new object's version ID. Never versioned: the current object's parts go (null). Enabled: the current row becomes a
    /// noncurrent version, its parts kept (a new ID). Suspended: the null version goes, whether current or not, and a current
    /// version with an ID becomes noncurrent ("null").
    /// </summary>
    private static async Task<string?> SupersedeCurrentAsync(DbConnection c, DbTransaction t, string bucket, string key, BucketVersioning versioning, ObjectRecord? current, DateTimeOffset now)
    {
        if (versioning == BucketVersioning.Unversioned)
        {
            if (current is not null)
            {
                await DiscardSourceAsync(c, t, current.SourceId);
            }

            return null;
        }

        if (versioning == BucketVersioning.Suspended)
        {
            var nullSources = await c.QueryAsync<string?>(
                "DELETE FROM object_versions WHERE bucket = @bucket AND object_key = @key AND version_id = 'null' RETURNING source_id", new { bucket, key }, t);
            foreach (var source in nullSources.OfType<string>())
            {
                await DiscardSourceAsync(c, t, source);
            }
        }

        // The write makes every version of the key noncurrent from now (0005): the latest delete marker, if that is what the
        // key had, and the current object moved below.
        var nowMs = now.ToUnixTimeMilliseconds();
        await c.ExecuteAsync(
            "UPDATE object_versions SET noncurrent_since_ms = @nowMs WHERE bucket = @bucket AND object_key = @key AND noncurrent_since_ms IS NULL",
            new { bucket, key, nowMs }, t);
        if (current is not null)
        {
            if (versioning == BucketVersioning.Suspended && (current.VersionId ?? VersionIds.Null) == VersionIds.Null)
            {
                await DiscardSourceAsync(c, t, current.SourceId);
            }
            else
            {
                // The row moves whole: its parts (and through them its blobs) stay named by the version.
                await c.ExecuteAsync(
                    """
                    INSERT INTO object_versions (bucket, object_key, version_id, seq, is_marker, source_id, size, etag, parts_count, modified_ms, settings, checksum, noncurrent_since_ms)
                    SELECT bucket, object_key, COALESCE(version_id, 'null'), version_seq, 0, source_id, size, etag, parts_count, modified_ms, settings, checksum, @nowMs
                    FROM objects WHERE bucket = @bucket AND object_key = @key
                    """,
                    new { bucket, key, nowMs }, t);
            }
        }

        return versioning == BucketVersioning.Enabled ? UploadIds.New(now) : VersionIds.Null;
    }

    /// <summary>DELETE without a version ID: the object goes (never versioned) or a delete marker becomes the latest version.</summary>
    private async Task<DeleteResult?> DeleteCurrentAsync(DbConnection c, DbTransaction t, string bucket, string key, BucketVersioning versioning, ObjectRecord? current, long writes, string? owner)
    {
        var now = time.GetUtcNow();
        if (versioning == BucketVersioning.Unversioned && current is null)
        {
            return null;
        }

        var markerId = await SupersedeCurrentAsync(c, t, bucket, key, versioning, current, now);
        if (current is not null)
        {
            await c.ExecuteAsync("DELETE FROM objects WHERE bucket = @bucket AND object_key = @key", new { bucket, key }, t);
        }

        if (markerId is null)
        {
            return new DeleteResult(null, false);
        }

        // S3 makes a marker even when the key has no object: it is what the delete did.
        await c.ExecuteAsync(
            """
            INSERT INTO object_versions (bucket, object_key, version_id, seq, is_marker, source_id, size, etag, parts_count, modified_ms, settings, checksum)
            VALUES (@bucket, @key, @markerId, @writes, 1, NULL, 0, '', 0, @nowMs, @settings, NULL)
            """,
            new { bucket, key, markerId, writes, nowMs = now.ToUnixTimeMilliseconds(), settings = JsonSerializer.Serialize(new ObjectSettings { Owner = owner }, Json) }, t);
        return new DeleteResult(markerId, true);
    }

    /// <summary>When the key has no current object and its newest version is an object (not a marker), that version becomes current again.</summary>
    private static async Task PromoteNewestAsync(DbConnection c, DbTransaction t, string bucket, string key)
    {
        var promoted = await c.ExecuteAsync(
            """
            INSERT INTO objects (bucket, object_key, source_id, size, etag, parts_count, modified_ms, settings, checksum, version_id, version_seq)
            SELECT bucket, object_key, source_id, size, etag, parts_count, modified_ms, settings, checksum, version_id, seq FROM object_versions
            WHERE bucket = @bucket AND object_key = @key AND is_marker = 0
              AND seq = (SELECT MAX(seq) FROM object_versions WHERE bucket = @bucket AND object_key = @key)
              AND NOT EXISTS (SELECT 1 FROM objects WHERE bucket = @bucket AND object_key = @key)
            """,
            new { bucket, key }, t);
        if (promoted > 0)
        {
            await c.ExecuteAsync(
                "DELETE FROM object_versions WHERE bucket = @bucket AND object_key = @key AND seq = (SELECT version_seq FROM objects WHERE bucket = @bucket AND object_key = @key)",
                new { bucket, key }, t);
        }
        else
        {
            // The newest remaining version is a delete marker: the key's latest version again, so not noncurrent (0005).
            await c.ExecuteAsync(
                """
                UPDATE object_versions SET noncurrent_since_ms = NULL
                WHERE bucket = @bucket AND object_key = @key AND seq = (SELECT MAX(seq) FROM object_versions WHERE bucket = @bucket AND object_key = @key)
                  AND NOT EXISTS (SELECT 1 FROM objects WHERE bucket = @bucket AND object_key = @key)
                """,
                new { bucket, key }, t);
        }
    }

    /// <summary>One version of the key by ID, the current object's included ("null" names an object written before versioning).</summary>
    private static async Task<StoredVersion?> ReadVersionAsync(DbConnection c, DbTransaction? t, string bucket, string key, string versionId)
    {
        if ((await c.QueryAsync<ObjectRow>(ObjectRow.Select + " WHERE bucket = @bucket AND object_key = @key AND COALESCE(version_id, 'null') = @versionId", new { bucket, key, versionId }, t))
            .FirstOrDefault() is { } currentRow)
        {
            return new StoredVersion(currentRow.ToRecord() with { VersionId = versionId }, false, true);
        }

        var row = (await c.QueryAsync<VersionRow>(VersionRow.Select + " WHERE v.bucket = @bucket AND v.object_key = @key AND v.version_id = @versionId", new { bucket, key, versionId }, t)).FirstOrDefault();
        return row?.ToVersion();
    }

    /// <summary>A copy's source named by version: NoSuchVersion when the key has none of that ID, InvalidRequest for a delete marker (S3).</summary>
    private static async Task<ObjectRecord> ReadCopySourceVersionAsync(DbConnection c, DbTransaction t, string bucket, string key, string versionId) =>
        await ReadVersionAsync(c, t, bucket, key, versionId) switch
        {
            null => throw new MultipartException(MultipartError.NoSuchVersion, "The specified version does not exist."),
            { IsDeleteMarker: true } => throw new MultipartException(MultipartError.InvalidRequest, "The source of a copy request may not specifically refer to a delete marker by version id."),
            var version => version.Record,
        };

    public Task<VersionSettingsChange> ChangeObjectVersionSettingsAsync(string bucket, string key, string versionId, Func<ObjectSettings, ObjectSettings> change, CancellationToken cancellationToken = default) =>
        db.WriteAsync(async (c, t) =>
        {
            // Under the key's guard row: a write racing this either committed first (the version named may then be
            // noncurrent, and is changed where it now is) or waits for this change.
            await GuardKeyAsync(c, t, bucket, key);
            switch (await ReadVersionAsync(c, t, bucket, key, versionId))
            {
                case null:
                    return VersionSettingsChange.NoSuchVersion;
                case { IsDeleteMarker: true }:
                    return VersionSettingsChange.DeleteMarker;
                case var version:
                    var settings = JsonSerializer.Serialize(change(version.Record.Settings), Json);
                    var current = await c.ExecuteAsync(
                        "UPDATE objects SET settings = @settings WHERE bucket = @bucket AND object_key = @key AND COALESCE(version_id, 'null') = @versionId",
                        new { bucket, key, versionId, settings }, t);
                    if (current == 0)
                    {
                        await c.ExecuteAsync(
                            "UPDATE object_versions SET settings = @settings WHERE bucket = @bucket AND object_key = @key AND version_id = @versionId AND is_marker = 0",
                            new { bucket, key, versionId, settings }, t);
                    }

                    return VersionSettingsChange.Changed;
            }
        }, cancellationToken);

    private sealed class GuardRow
    {
        public long Writes { get; set; }
        public long? Versioning { get; set; }
    }

    private sealed class BucketStateRow
    {
        public long Rule { get; set; }
        public long Versioning { get; set; }
    }

    private sealed class RemovedVersionRow
    {
        public string? SourceId { get; set; }
        public long IsMarker { get; set; }
    }

    private sealed class VersionRow
    {
        public const string Select =
            """
            SELECT v.bucket, v.object_key AS objectkey, v.version_id AS versionid, v.seq, v.is_marker AS ismarker, v.source_id AS sourceid, v.size, v.etag,
                   v.parts_count AS partscount, v.modified_ms AS modifiedms, v.settings, v.checksum,
                   CASE WHEN NOT EXISTS (SELECT 1 FROM objects o WHERE o.bucket = v.bucket AND o.object_key = v.object_key)
                         AND NOT EXISTS (SELECT 1 FROM object_versions w WHERE w.bucket = v.bucket AND w.object_key = v.object_key AND w.seq > v.seq)
                        THEN 1 ELSE 0 END AS islatest
            FROM object_versions v
            """;

        public string Bucket { get; set; } = "";
        public string ObjectKey { get; set; } = "";
        public string VersionId { get; set; } = "";
        public long Seq { get; set; }
        public long IsMarker { get; set; }
        public string? SourceId { get; set; }
        public long Size { get; set; }
        public string ETag { get; set; } = "";
        public long PartsCount { get; set; }
        public long ModifiedMs { get; set; }
        public string Settings { get; set; } = "{}";
        public string? Checksum { get; set; }
        public long IsLatest { get; set; }

        public StoredVersion ToVersion() => new(
            new ObjectRecord(Bucket, ObjectKey, SourceId ?? "", Size, ETag, (int)PartsCount, DateTimeOffset.FromUnixTimeMilliseconds(ModifiedMs), ReadSettings(Settings), ObjectChecksum.Parse(Checksum), VersionId),
            IsMarker != 0,
            IsLatest != 0);
    }

    private sealed class ListedVersionRow
    {
        public string ObjectKey { get; set; } = "";
        public string VersionId { get; set; } = "";
        public long Seq { get; set; }
        public long IsMarker { get; set; }
        public long IsLatest { get; set; }
        public long Size { get; set; }
        public string ETag { get; set; } = "";
        public long ModifiedMs { get; set; }
        public string Settings { get; set; } = "{}";

        public StoredVersionEntry ToEntry()
        {
            var settings = ReadSettings(Settings);
            return new StoredVersionEntry(
                new ObjectVersionSummary(ObjectKey, VersionId, IsLatest != 0, IsMarker != 0, Size, ETag, DateTimeOffset.FromUnixTimeMilliseconds(ModifiedMs), settings.StorageClass, settings.Owner),
                Seq);
        }
    }
}
