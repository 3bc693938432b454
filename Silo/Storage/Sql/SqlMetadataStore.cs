using System.Data.Common;
using System.Text.Json;
using Dapper;
using Orleans.Multipart.Grains.Storage;

namespace Orleans.Multipart.Silo.Storage.Sql;

/// <summary>
/// <see cref="IMetadataStore"/> on PostgreSQL or SQLite with the same SQL. Lock order, everywhere:
/// bucket row (key share), key guard, upload row, part rows, so that transactions cannot deadlock on
/// each other's locks.
/// </summary>
public sealed partial class SqlMetadataStore(SqlDatabase db, TimeProvider time) : IMetadataStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Lazy<InitiateBatcher> _batcher = new(() => new InitiateBatcher(db));

    private ISqlDialect D => db.Dialect;

    public Task<bool> CreateBucketAsync(BucketInfo bucket, CancellationToken cancellationToken = default) =>
        db.WriteAsync(async (c, t) => await c.ExecuteAsync(
            "INSERT INTO buckets (name, rule, created_ms, anonymous_write, owner) VALUES (@Name, @Rule, @Created, @Anonymous, @Owner) ON CONFLICT (name) DO NOTHING",
            new { bucket.Name, Rule = (int)bucket.Rule, Created = bucket.Created.ToUnixTimeMilliseconds(), Anonymous = bucket.AnonymousWrite ? 1 : 0, bucket.Owner }, t) == 1, cancellationToken);

    public Task<BucketInfo?> GetBucketAsync(string name, CancellationToken cancellationToken = default) =>
        db.ReadAsync(async c => (await c.QueryAsync<BucketRow>("SELECT name, rule, created_ms AS createdms, anonymous_write AS anonymouswrite, owner, versioning FROM buckets WHERE name = @name", new { name }))
            .Select(r => r.ToInfo()).FirstOrDefault(), cancellationToken);

    public Task<IReadOnlyList<BucketInfo>> ListBucketsAsync(string? owner = null, CancellationToken cancellationToken = default) =>
        db.ReadAsync<IReadOnlyList<BucketInfo>>(async c => (await c.QueryAsync<BucketRow>(
                "SELECT name, rule, created_ms AS createdms, anonymous_write AS anonymouswrite, owner, versioning FROM buckets"
                + (owner is null ? "" : " WHERE owner = @owner") + " ORDER BY name", // buckets_owner serves the owner's list
                new { owner }))
            .Select(r => r.ToInfo()).ToList(), cancellationToken);

    public Task<DeleteBucketOutcome> DeleteBucketAsync(string name, CancellationToken cancellationToken = default) =>
        db.WriteAsync(async (c, t) =>
        {
            if (await c.ExecuteScalarAsync<long?>($"SELECT rule FROM buckets WHERE name = @name{D.ForUpdate}", new { name }, t) is null)
            {
                return DeleteBucketOutcome.NotFound;
            }

            // Noncurrent versions and delete markers keep a bucket from being empty, as in S3.
            if (await c.ExecuteScalarAsync<long?>("SELECT 1 FROM objects WHERE bucket = @name UNION ALL SELECT 1 FROM object_versions WHERE bucket = @name LIMIT 1", new { name }, t) is not null)
            {
                return DeleteBucketOutcome.NotEmpty;
            }

            var open = (await c.QueryAsync<string>("SELECT upload_id FROM uploads WHERE bucket = @name AND state = 0", new { name }, t)).ToList();
            foreach (var uploadId in open)
            {
                await DiscardSourceAsync(c, t, uploadId);
            }

            await c.ExecuteAsync("UPDATE uploads SET state = 2, exclusive_key = NULL WHERE bucket = @name AND state = 0", new { name }, t);
            await c.ExecuteAsync("DELETE FROM buckets WHERE name = @name", new { name }, t);
            return DeleteBucketOutcome.Deleted;
        }, cancellationToken);

    public async Task InsertUploadAsync(UploadRecord upload, CancellationToken cancellationToken = default)
    {
        if (D.SupportsWritableCte && await TryInsertConcurrentUploadAsync(upload))
        {
            return;
        }

        try
        {
            await db.WriteAsync(async (c, t) =>
            {
                var rule = await BucketRuleAsync(c, t, upload.Bucket);
                if (rule == BucketRule.Exclusive)
                {
                    await GuardKeyAsync(c, t, upload.Bucket, upload.Key);
                    if (await ReadObjectAsync(c, t, upload.Bucket, upload.Key) is { } existing)
                    {
                        throw ObjectConflict(existing, upload.Settings.Owner, "this bucket allows no upload over an existing object.");
                    }
                }

                await c.ExecuteAsync(
                    """
                    INSERT INTO uploads (upload_id, bucket, object_key, state, initiated_ms, settings, exclusive_key)
                    VALUES (@UploadId, @Bucket, @Key, 0, @Initiated, @Settings, @Exclusive)
                    """,
                    new
                    {
                        upload.UploadId,
                        upload.Bucket,
                        upload.Key,
                        Initiated = upload.Initiated.ToUnixTimeMilliseconds(),
                        Settings = JsonSerializer.Serialize(upload.Settings, Json),
                        Exclusive = rule == BucketRule.Exclusive ? upload.Key : null,
                    },
                    t);
                return 0;
            }, cancellationToken);
        }
        catch (Exception ex) when (D.IsUniqueViolation(ex))
        {
            throw new MultipartException(MultipartError.UploadInProgress, "An upload of this object is in progress; this bucket allows one at a time.");
        }
    }

    /// <summary>
    /// The hot path of Initiate: in a concurrent bucket, the upload goes in through the group-commit
    /// batcher (one statement per batch). False when the bucket is missing or exclusive; the
    /// transactional path then gives the precise answer.
    /// </summary>
    private Task<bool> TryInsertConcurrentUploadAsync(UploadRecord upload) =>
        _batcher.Value.InsertAsync(
            upload.UploadId,
            upload.Bucket,
            upload.Key,
            upload.Initiated.ToUnixTimeMilliseconds(),
            JsonSerializer.Serialize(upload.Settings, Json));

    public Task<IReadOnlyList<UploadRecord>> ListOpenUploadsInitiatedBeforeAsync(DateTimeOffset cutoff, int limit, CancellationToken cancellationToken = default) =>
        db.ReadAsync<IReadOnlyList<UploadRecord>>(async c => (await c.QueryAsync<UploadRow>(
                UploadRow.Select + " WHERE state = 0 AND initiated_ms < @cutoff ORDER BY initiated_ms LIMIT @limit",
                new { cutoff = cutoff.ToUnixTimeMilliseconds(), limit }))
            .Select(r => r.ToRecord()).ToList(), cancellationToken);

    public Task<UploadRecord?> GetUploadAsync(string uploadId, CancellationToken cancellationToken = default) =>
        db.ReadAsync(async c => (await c.QueryAsync<UploadRow>(UploadRow.Select + " WHERE upload_id = @uploadId", new { uploadId })).FirstOrDefault()?.ToRecord(), cancellationToken);

    public Task<bool> AddPartAsync(string bucket, string key, string uploadId, PartInfo part, CancellationToken cancellationToken = default) =>
        db.WriteStatementAsync(async c => await c.ExecuteAsync(
            // One statement, committed by itself (one round trip on PostgreSQL, issue 20): the part goes in
            // only if the upload is open for this key, read under a shared lock on its row. Parts of one
            // upload register in parallel, while Complete and Abort (which update the row) wait for them
            // and they for Complete and Abort; a part that waited finds the upload closed and inserts nothing.
            // A replaced part's blob becomes garbage through the parts_release_replaced_blob trigger, and only
            // if no row names it any more: the same registration twice (a retried call) releases nothing.
            $"""
            INSERT INTO parts (source_id, part_number, size, etag, blob_id, created_ms, checksum)
            SELECT upload_id, @PartNumber, @Size, @ETag, @BlobId, @now, @Checksum FROM uploads
            WHERE upload_id = @uploadId AND bucket = @bucket AND object_key = @key AND state = 0{D.ForShare}
            ON CONFLICT (source_id, part_number) DO UPDATE SET size = excluded.size, etag = excluded.etag, blob_id = excluded.blob_id, created_ms = excluded.created_ms, checksum = excluded.checksum
            """,
            new { uploadId, bucket, key, part.PartNumber, part.Size, part.ETag, part.BlobId, now = time.GetUtcNow().ToUnixTimeMilliseconds(), Checksum = part.Checksum?.Format() }) == 1, cancellationToken);

    /// <summary>Registers <paramref name="part"/> under the upload, replacing an earlier part of its number (the caller holds the upload row).</summary>
    private Task UpsertPartAsync(DbConnection c, DbTransaction t, string uploadId, PartInfo part) => c.ExecuteAsync(
        """
        INSERT INTO parts (source_id, part_number, size, etag, blob_id, created_ms, checksum)
        VALUES (@uploadId, @PartNumber, @Size, @ETag, @BlobId, @now, @Checksum)
        ON CONFLICT (source_id, part_number) DO UPDATE SET size = excluded.size, etag = excluded.etag, blob_id = excluded.blob_id, created_ms = excluded.created_ms, checksum = excluded.checksum
        """,
        new { uploadId, part.PartNumber, part.Size, part.ETag, part.BlobId, now = time.GetUtcNow().ToUnixTimeMilliseconds(), Checksum = part.Checksum?.Format() }, t);

    public Task<(IReadOnlyList<PartInfo> Parts, bool IsTruncated)> ListPartsAsync(string uploadId, int partNumberMarker, int limit, CancellationToken cancellationToken = default) =>
        db.ReadAsync(async c =>
        {
            var rows = (await c.QueryAsync<PartRow>(
                PartRow.Select + " WHERE source_id = @uploadId AND part_number > @partNumberMarker ORDER BY part_number LIMIT @take",
                new { uploadId, partNumberMarker, take = limit + 1 })).Select(r => r.ToInfo()).ToList();
            var truncated = rows.Count > limit;
            return ((IReadOnlyList<PartInfo>)(truncated ? rows.GetRange(0, limit) : rows), truncated);
        }, cancellationToken);

    public Task<CompleteResult> CompleteUploadAsync(
        string bucket, string key, string uploadId,
        Func<IReadOnlyList<PartInfo>, ObjectRecord?, CompletionPlan> plan, Func<IReadOnlyList<PartInfo>, bool> repeats,
        DateTimeOffset now, CancellationToken cancellationToken = default) =>
        db.WriteAsync(async (c, t) =>
        {
            var (writes, versioning) = await GuardVersionedKeyAsync(c, t, bucket, key);
            var upload = (await c.QueryAsync<UploadRow>(UploadRow.Select + $" WHERE upload_id = @uploadId{D.ForUpdate}", new { uploadId }, t)).FirstOrDefault()?.ToRecord();
            if (upload is null || upload.Bucket != bucket || upload.Key != key || upload.State == UploadState.Aborted)
            {
                throw MultipartException.NoSuchUpload();
            }

            var stored = (await c.QueryAsync<PartRow>(PartRow.Select + " WHERE source_id = @uploadId ORDER BY part_number", new { uploadId }, t)).Select(r => r.ToInfo()).ToList();
            if (upload.Completion is { } done)
            {
                // After Complete the upload's part rows are exactly the parts the object kept.
                return repeats(stored) ? done : throw MultipartException.NoSuchUpload();
            }

            var current = await ReadObjectAsync(c, t, bucket, key);
            var decided = plan(stored, current);

            var listed = decided.Listed.Select(p => p.PartNumber).ToHashSet();
            var unlisted = stored.Where(p => !listed.Contains(p.PartNumber)).ToList();
            if (unlisted.Count > 0)
            {
                await c.ExecuteAsync("DELETE FROM parts WHERE source_id = @uploadId AND part_number = @PartNumber", unlisted.Select(p => new { uploadId, p.PartNumber }), t);
            }

            var versionId = await SupersedeCurrentAsync(c, t, bucket, key, versioning, current, now);
            var result = new CompleteResult(bucket, key, decided.ETag, decided.Size, decided.Listed.Count, decided.Checksum, VersionId: versionId);
            await UpsertObjectAsync(c, t, new ObjectRecord(bucket, key, uploadId, decided.Size, decided.ETag, decided.Listed.Count, now, upload.Settings, decided.Checksum, versionId), writes);
            await c.ExecuteAsync(
                """
                UPDATE uploads SET state = 1, exclusive_key = NULL, completed_etag = @ETag, completed_size = @Size, completed_parts = @PartsCount, completed_checksum = @Checksum,
                    completed_version_id = @VersionId
                WHERE upload_id = @uploadId
                """,
                new { result.ETag, result.Size, result.PartsCount, Checksum = result.Checksum?.Format(), result.VersionId, uploadId }, t);
            return result;
        }, cancellationToken);

    public Task<bool> AbortUploadAsync(string bucket, string key, string uploadId, CancellationToken cancellationToken = default) =>
        db.WriteAsync(async (c, t) =>
        {
            var changed = await c.ExecuteAsync(
                "UPDATE uploads SET state = 2, exclusive_key = NULL WHERE upload_id = @uploadId AND bucket = @bucket AND object_key = @key AND state = 0",
                new { uploadId, bucket, key }, t);
            if (changed == 0)
            {
                return false;
            }

            await DiscardSourceAsync(c, t, uploadId);
            return true;
        }, cancellationToken);

    public Task<ObjectRecord?> GetObjectAsync(string bucket, string key, CancellationToken cancellationToken = default) =>
        db.ReadAsync(c => ReadObjectAsync(c, null, bucket, key), cancellationToken);

    public Task<IReadOnlyList<PartInfo>> GetSourcePartsAsync(string sourceId, CancellationToken cancellationToken = default) =>
        db.ReadAsync<IReadOnlyList<PartInfo>>(async c => (await c.QueryAsync<PartRow>(PartRow.Select + " WHERE source_id = @sourceId ORDER BY part_number", new { sourceId }))
            .Select(r => r.ToInfo()).ToList(), cancellationToken);

    public Task<string?> PutObjectAsync(ObjectRecord obj, PartInfo part, Action<ObjectRecord?> precheck, CancellationToken cancellationToken = default) =>
        db.WriteAsync(async (c, t) =>
        {
            var (rule, versioning) = await BucketStateAsync(c, t, obj.Bucket);
            var writes = await GuardKeyAsync(c, t, obj.Bucket, obj.Key);
            var current = await ReadObjectAsync(c, t, obj.Bucket, obj.Key);
            if (rule == BucketRule.Exclusive)
            {
                await EnsureExclusiveKeyFreeAsync(c, t, obj.Bucket, obj.Key, current, obj.Settings.Owner);
            }

            precheck(current);
            var versionId = await SupersedeCurrentAsync(c, t, obj.Bucket, obj.Key, versioning, current, obj.LastModified);
            await c.ExecuteAsync(
                "INSERT INTO parts (source_id, part_number, size, etag, blob_id, created_ms, checksum) VALUES (@SourceId, @PartNumber, @Size, @ETag, @BlobId, @Created, @Checksum)",
                new { obj.SourceId, part.PartNumber, part.Size, part.ETag, part.BlobId, Created = part.LastModified.ToUnixTimeMilliseconds(), Checksum = part.Checksum?.Format() }, t);
            await UpsertObjectAsync(c, t, obj with { VersionId = versionId }, writes);
            return versionId;
        }, cancellationToken);

    public async Task<bool> DeleteObjectAsync(string bucket, string key, CancellationToken cancellationToken = default, string? onlySourceId = null) =>
        await DeleteObjectVersionAsync(bucket, key, null, onlySourceId: onlySourceId, cancellationToken: cancellationToken) is not null;

    public Task<bool> SetObjectAclAsync(string bucket, string key, AccessControlList acl, CancellationToken cancellationToken = default) =>
        db.WriteAsync(async (c, t) =>
        {
            await GuardKeyAsync(c, t, bucket, key);
            var current = await ReadObjectAsync(c, t, bucket, key);
            if (current is null)
            {
                return false;
            }

            var settings = current.Settings with { Acl = acl with { Owner = current.Settings.Owner ?? AccountIds.Root } };
            await c.ExecuteAsync(
                "UPDATE objects SET settings = @settings WHERE bucket = @bucket AND object_key = @key",
                new { bucket, key, settings = JsonSerializer.Serialize(settings, Json) }, t);
            return true;
        }, cancellationToken);

    public Task<ObjectRecord> CopyObjectAsync(
        string sourceBucket, string sourceKey, string bucket, string key, string destinationSourceId,
        Func<ObjectRecord, ObjectRecord?, ObjectSettings> plan, DateTimeOffset now, string? sourceVersionId = null, CancellationToken cancellationToken = default) =>
        db.WriteAsync(async (c, t) =>
        {
            _ = await BucketRuleAsync(c, t, sourceBucket);
            var (rule, versioning) = await BucketStateAsync(c, t, bucket);

            // Guard rows in one global order (bucket, then key, ordinal), so copies A->B and B->A cannot deadlock.
            var keys = new[] { (Bucket: sourceBucket, Key: sourceKey), (Bucket: bucket, Key: key) }
                .Distinct()
                .OrderBy(k => k.Bucket, StringComparer.Ordinal).ThenBy(k => k.Key, StringComparer.Ordinal);
            long writes = 0;
            foreach (var (guardBucket, guardKey) in keys)
            {
                var counter = await GuardKeyAsync(c, t, guardBucket, guardKey);
                if (guardBucket == bucket && guardKey == key)
                {
                    writes = counter;
                }
            }

            var current = await ReadObjectAsync(c, t, bucket, key);
            if (rule == BucketRule.Exclusive)
            {
                await EnsureExclusiveKeyFreeAsync(c, t, bucket, key, current);
            }

            var source = (sourceVersionId is null ? await ReadObjectAsync(c, t, sourceBucket, sourceKey) : await ReadCopySourceVersionAsync(c, t, sourceBucket, sourceKey, sourceVersionId))
                ?? throw new MultipartException(MultipartError.NoSuchKey, "The specified key does not exist.");
            var settings = plan(source, current);

            // The new source names the same blobs first, so that discarding the destination's old source
            // (which may be the source itself, when a key is copied onto itself) releases none of them.
            await c.ExecuteAsync(
                """
                INSERT INTO parts (source_id, part_number, size, etag, blob_id, created_ms, checksum)
                SELECT @destinationSourceId, part_number, size, etag, blob_id, @nowMs, checksum FROM parts WHERE source_id = @SourceId
                """,
                new { destinationSourceId, nowMs = now.ToUnixTimeMilliseconds(), source.SourceId }, t);
            var versionId = await SupersedeCurrentAsync(c, t, bucket, key, versioning, current, now);
            var copy = new ObjectRecord(bucket, key, destinationSourceId, source.Size, source.ETag, source.PartsCount, now, settings, source.Checksum, versionId);
            await UpsertObjectAsync(c, t, copy, writes);
            return copy;
        }, cancellationToken);

    public Task<IReadOnlyList<UploadSummary>> ListUploadsAsync(string bucket, string prefix, string? afterKey, string? afterUploadId, int limit, CancellationToken cancellationToken = default) =>
        db.ReadAsync<IReadOnlyList<UploadSummary>>(async c =>
        {
            var after = afterKey is null
                ? ""
                : afterUploadId is null ? " AND object_key > @afterKey" : " AND (object_key, upload_id) > (@afterKey, @afterUploadId)";
            var rows = await c.QueryAsync<UploadRow>(
                UploadRow.Select + $" WHERE bucket = @bucket AND state = 0 AND object_key >= @prefix{after} ORDER BY object_key, upload_id LIMIT @limit",
                new { bucket, prefix, afterKey, afterUploadId, limit });
            return rows.Select(r =>
            {
                var u = r.ToRecord();
                return new UploadSummary(u.Key, u.UploadId, u.Initiated, u.Settings.StorageClass, u.Settings.Encrypted, u.Settings.ChecksumAlgorithm, u.Settings.ChecksumType, u.Settings.Owner);
            }).ToList();
        }, cancellationToken);

    public Task<IReadOnlyList<ObjectSummary>> ListObjectsAsync(string bucket, string prefix, string? afterKey, int limit, CancellationToken cancellationToken = default) =>
        db.ReadAsync<IReadOnlyList<ObjectSummary>>(async c =>
        {
            var after = afterKey is null ? "" : " AND object_key > @afterKey";
            var rows = await c.QueryAsync<ObjectRow>(
                ObjectRow.Select + $" WHERE bucket = @bucket AND object_key >= @prefix{after} ORDER BY object_key LIMIT @limit",
                new { bucket, prefix, afterKey, limit });
            return rows.Select(r =>
            {
                var o = r.ToRecord();
                return new ObjectSummary(o.Key, o.Size, o.ETag, o.LastModified, o.Settings.StorageClass, o.Settings.ContentType, o.Settings.Encrypted, o.Settings.Owner);
            }).ToList();
        }, cancellationToken);

    public Task<IReadOnlyList<string>> ReadGarbageAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken = default) =>
        db.ReadAsync<IReadOnlyList<string>>(async c => (await c.QueryAsync<string>(
            "SELECT blob_id FROM garbage WHERE since_ms < @before ORDER BY since_ms LIMIT @limit",
            new { before = before.ToUnixTimeMilliseconds(), limit })).ToList(), cancellationToken);

    public Task ForgetGarbageAsync(IReadOnlyCollection<string> blobIds, CancellationToken cancellationToken = default) =>
        db.WriteAsync((c, t) => c.ExecuteAsync("DELETE FROM garbage WHERE blob_id = @id", blobIds.Select(id => new { id }), t), cancellationToken);

    public Task<bool> IsBlobKnownAsync(string blobId, CancellationToken cancellationToken = default) =>
        db.ReadAsync(async c => await c.ExecuteScalarAsync<long?>(
            "SELECT 1 FROM parts WHERE blob_id = @blobId UNION ALL SELECT 1 FROM garbage WHERE blob_id = @blobId LIMIT 1", new { blobId }) is not null, cancellationToken);

    /// <summary>Counts rows that break an invariant; zero in a healthy database (used by tests and the operator).</summary>
    public Task<long> CountInvariantViolationsAsync(CancellationToken cancellationToken = default) =>
        db.ReadAsync(c => c.ExecuteScalarAsync<long>(
            """
            SELECT
              (SELECT COUNT(*) FROM objects o WHERE NOT EXISTS (SELECT 1 FROM parts p WHERE p.source_id = o.source_id))
            + (SELECT COUNT(*) FROM objects o WHERE o.parts_count > 0 AND o.parts_count <> (SELECT COUNT(*) FROM parts p WHERE p.source_id = o.source_id))
            + (SELECT COUNT(*) FROM parts p JOIN uploads u ON u.upload_id = p.source_id WHERE u.state = 2)
            + (SELECT COUNT(*) FROM parts p JOIN garbage g ON g.blob_id = p.blob_id)
            + (SELECT COUNT(*) FROM uploads u WHERE u.state = 1 AND u.completed_etag IS NULL)
            + (SELECT COUNT(*) FROM object_versions v WHERE v.is_marker = 0 AND NOT EXISTS (SELECT 1 FROM parts p WHERE p.source_id = v.source_id))
            + (SELECT COUNT(*) FROM object_versions v WHERE v.is_marker = 1 AND v.source_id IS NOT NULL)
            + (SELECT COUNT(*) FROM object_versions v JOIN objects o ON o.bucket = v.bucket AND o.object_key = v.object_key AND COALESCE(o.version_id, 'null') = v.version_id)
            + (SELECT COUNT(*) FROM object_versions v JOIN objects o ON o.bucket = v.bucket AND o.object_key = v.object_key AND v.seq > o.version_seq)
            -- 0005 (ver23c): a version has no noncurrent time exactly when it is its key's latest version, a delete marker.
            + (SELECT COUNT(*) FROM object_versions v WHERE (v.noncurrent_since_ms IS NULL) <> (v.is_marker = 1
                AND NOT EXISTS (SELECT 1 FROM objects o WHERE o.bucket = v.bucket AND o.object_key = v.object_key)
                AND NOT EXISTS (SELECT 1 FROM object_versions w WHERE w.bucket = v.bucket AND w.object_key = v.object_key AND w.seq > v.seq)))
            """), cancellationToken);

    private async Task<BucketRule> BucketRuleAsync(DbConnection c, DbTransaction t, string bucket)
    {
        var rule = await c.ExecuteScalarAsync<long?>($"SELECT rule FROM buckets WHERE name = @bucket{D.ForKeyShare}", new { bucket }, t);
        return rule is null
            ? throw new MultipartException(MultipartError.NoSuchBucket, "The specified bucket does not exist")
            : (BucketRule)rule.Value;
    }

    /// <summary>
    /// Locks the key's guard row: writers of one key run one after another, whichever activation sent them.
    /// Returns the key's write counter after this write (never reset: it orders the key's versions, see 0003).
    /// </summary>
    private static Task<long> GuardKeyAsync(DbConnection c, DbTransaction t, string bucket, string key) =>
        c.ExecuteScalarAsync<long>(
            "INSERT INTO key_guards (bucket, object_key, writes) VALUES (@bucket, @key, 1) ON CONFLICT (bucket, object_key) DO UPDATE SET writes = key_guards.writes + 1 RETURNING writes",
            new { bucket, key }, t);

    /// <summary>
    /// An exclusive key is write-once: a write (PUT, copy) onto a key with an object or an open upload is
    /// refused; only DeleteObject (or Abort, for an upload) frees it. The caller holds the key's guard row,
    /// so no other writer can slip between this check and its commit.
    /// </summary>
    private static async Task EnsureExclusiveKeyFreeAsync(DbConnection c, DbTransaction t, string bucket, string key, ObjectRecord? current, string? writer = null)
    {
        if (current is not null)
        {
            throw ObjectConflict(current, writer, "this bucket allows no write over an existing object until it is deleted.");
        }

        if (await c.ExecuteScalarAsync<long?>("SELECT 1 FROM uploads WHERE bucket = @bucket AND object_key = @key AND state = 0 LIMIT 1", new { bucket, key }, t) is not null)
        {
            throw new MultipartException(MultipartError.UploadInProgress, "An upload of this object is in progress; this bucket allows no other write until it ends.");
        }
    }

    /// <summary>
    /// An exclusive key's existing object refuses a write: cdcs tells its writer's own object (ObjectAlreadyExists,
    /// cdcs' ObjectAlreadyExistsOwnedByYou) from another account's (ObjectOwnedByAnother, cdcs' ObjectAlreadyExists),
    /// by the owner the row's settings record (none: written before accounts, root's). A write that names no
    /// writer (a copy) is answered as the writer's own, as before accounts.
    /// </summary>
    private static MultipartException ObjectConflict(ObjectRecord existing, string? writer, string rule) =>
        writer is not null && writer != (existing.Settings.Owner ?? AccountIds.Root)
            ? new MultipartException(MultipartError.ObjectOwnedByAnother, "The object already exists and belongs to another account; " + rule)
            : new MultipartException(MultipartError.ObjectAlreadyExists, "The object already exists; " + rule);

    /// <summary>Drops every part of a source (upload or PUT); a blob no other source names becomes garbage (trigger parts_release_blob).</summary>
    private static Task DiscardSourceAsync(DbConnection c, DbTransaction t, string sourceId) =>
        c.ExecuteAsync("DELETE FROM parts WHERE source_id = @sourceId", new { sourceId }, t);

    private static async Task<ObjectRecord?> ReadObjectAsync(DbConnection c, DbTransaction? t, string bucket, string key) =>
        (await c.QueryAsync<ObjectRow>(ObjectRow.Select + " WHERE bucket = @bucket AND object_key = @key", new { bucket, key }, t)).FirstOrDefault()?.ToRecord();

    /// <summary>Makes <paramref name="o"/> the key's current object; <paramref name="writes"/>: the guard's counter of this write (its version's position).</summary>
    private static Task UpsertObjectAsync(DbConnection c, DbTransaction t, ObjectRecord o, long writes) =>
        c.ExecuteAsync(
            """
            INSERT INTO objects (bucket, object_key, source_id, size, etag, parts_count, modified_ms, settings, checksum, version_id, version_seq)
            VALUES (@Bucket, @Key, @SourceId, @Size, @ETag, @PartsCount, @Modified, @Settings, @Checksum, @VersionId, @writes)
            ON CONFLICT (bucket, object_key) DO UPDATE SET source_id = excluded.source_id, size = excluded.size, etag = excluded.etag,
                parts_count = excluded.parts_count, modified_ms = excluded.modified_ms, settings = excluded.settings, checksum = excluded.checksum,
                version_id = excluded.version_id, version_seq = excluded.version_seq
            """,
            new { o.Bucket, o.Key, o.SourceId, o.Size, o.ETag, o.PartsCount, Modified = o.LastModified.ToUnixTimeMilliseconds(), Settings = JsonSerializer.Serialize(o.Settings, Json), Checksum = o.Checksum?.Format(), o.VersionId, writes },
            t);

    private static ObjectSettings ReadSettings(string json) => JsonSerializer.Deserialize<ObjectSettings>(json, Json) ?? new ObjectSettings();

    private sealed class BucketRow
    {
        public string Name { get; set; } = "";
        public long Rule { get; set; }
        public long CreatedMs { get; set; }
        public long AnonymousWrite { get; set; }
        public string Owner { get; set; } = AccountIds.Root;
        public long Versioning { get; set; }

        public BucketInfo ToInfo() => new(Name, (BucketRule)Rule, DateTimeOffset.FromUnixTimeMilliseconds(CreatedMs), AnonymousWrite != 0, Owner, (BucketVersioning)Versioning);
    }

    private sealed class UploadRow
    {
        public const string Select = "SELECT upload_id AS uploadid, bucket, object_key AS objectkey, state, initiated_ms AS initiatedms, settings, completed_etag AS completedetag, completed_size AS completedsize, completed_parts AS completedparts, completed_checksum AS completedchecksum, completed_version_id AS completedversionid FROM uploads";
        public string UploadId { get; set; } = "";
        public string Bucket { get; set; } = "";
        public string ObjectKey { get; set; } = "";
        public long State { get; set; }
        public long InitiatedMs { get; set; }
        public string Settings { get; set; } = "{}";
        public string? CompletedETag { get; set; }
        public long? CompletedSize { get; set; }
        public long? CompletedParts { get; set; }
        public string? CompletedChecksum { get; set; }
        public string? CompletedVersionId { get; set; }

        public UploadRecord ToRecord() => new(
            UploadId,
            Bucket,
            ObjectKey,
            (UploadState)State,
            DateTimeOffset.FromUnixTimeMilliseconds(InitiatedMs),
            ReadSettings(Settings),
            CompletedETag is null ? null : new CompleteResult(Bucket, ObjectKey, CompletedETag, CompletedSize ?? 0, (int)(CompletedParts ?? 0), ObjectChecksum.Parse(CompletedChecksum), VersionId: CompletedVersionId));
    }

    private sealed class PartRow
    {
        public const string Select = "SELECT part_number AS partnumber, size, etag, blob_id AS blobid, created_ms AS createdms, checksum FROM parts";
        public long PartNumber { get; set; }
        public long Size { get; set; }
        public string ETag { get; set; } = "";
        public string BlobId { get; set; } = "";
        public long CreatedMs { get; set; }
        public string? Checksum { get; set; }

        public PartInfo ToInfo() => new((int)PartNumber, Size, ETag, BlobId, DateTimeOffset.FromUnixTimeMilliseconds(CreatedMs), ChecksumValue.Parse(Checksum));
    }

    private sealed class ObjectRow
    {
        public const string Select = "SELECT bucket, object_key AS objectkey, source_id AS sourceid, size, etag, parts_count AS partscount, modified_ms AS modifiedms, settings, checksum, version_id AS versionid FROM objects";
        public string Bucket { get; set; } = "";
        public string ObjectKey { get; set; } = "";
        public string SourceId { get; set; } = "";
        public long Size { get; set; }
        public string ETag { get; set; } = "";
        public long PartsCount { get; set; }
        public long ModifiedMs { get; set; }
        public string Settings { get; set; } = "{}";
        public string? Checksum { get; set; }
        public string? VersionId { get; set; }

        public ObjectRecord ToRecord() => new(Bucket, ObjectKey, SourceId, Size, ETag, (int)PartsCount, DateTimeOffset.FromUnixTimeMilliseconds(ModifiedMs), ReadSettings(Settings), ObjectChecksum.Parse(Checksum), VersionId);
    }
}
