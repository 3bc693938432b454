using Dapper;
using Orleans.Multipart.Grains.Storage;

namespace Orleans.Multipart.Silo.Storage.Sql;

/// <summary>
/// Lifecycle (issue 23): the table of buckets with rules, and the sweeps' candidate queries. Each query reads one
/// index range (migration 0004) after a keyset cursor, so a sweep's batch costs the rows it returns, whatever the
/// size of the table, and a batch whose rows a rule then skips (another prefix, a tag) is never read again.
/// </summary>
public sealed partial class SqlMetadataStore
{
    public Task RegisterLifecycleBucketAsync(string bucket, CancellationToken cancellationToken = default) =>
        db.WriteAsync((c, t) => c.ExecuteAsync(
            "INSERT INTO lifecycle_buckets (bucket, since_ms) VALUES (@bucket, @now) ON CONFLICT (bucket) DO NOTHING",
            new { bucket, now = time.GetUtcNow().ToUnixTimeMilliseconds() }, t), cancellationToken);

    public Task UnregisterLifecycleBucketAsync(string bucket, CancellationToken cancellationToken = default) =>
        db.WriteAsync((c, t) => c.ExecuteAsync("DELETE FROM lifecycle_buckets WHERE bucket = @bucket", new { bucket }, t), cancellationToken);

    public Task<IReadOnlyList<string>> ListLifecycleBucketsAsync(string? afterBucket, int limit, CancellationToken cancellationToken = default) =>
        db.ReadAsync<IReadOnlyList<string>>(async c => (await c.QueryAsync<string>(
            $"SELECT bucket FROM lifecycle_buckets{(afterBucket is null ? "" : " WHERE bucket > @afterBucket")} ORDER BY bucket LIMIT @limit",
            new { afterBucket, limit })).ToList(), cancellationToken);

    public Task<IReadOnlyList<UploadRecord>> ListDefaultExpiryUploadsAsync(DateTimeOffset cutoff, (DateTimeOffset Initiated, string UploadId)? after, int limit, CancellationToken cancellationToken = default) =>
        db.ReadAsync<IReadOnlyList<UploadRecord>>(async c => (await c.QueryAsync<UploadRow>(
            // The uploads_open_initiated index range; a bucket with rules of its own is skipped by its primary key.
            UploadRow.Select + $"""
             WHERE state = 0 AND initiated_ms < @cutoff{(after is null ? "" : " AND (initiated_ms, upload_id) > (@afterMs, @afterId)")}
             AND NOT EXISTS (SELECT 1 FROM lifecycle_buckets l WHERE l.bucket = uploads.bucket)
             ORDER BY initiated_ms, upload_id LIMIT @limit
            """,
            new { cutoff = cutoff.ToUnixTimeMilliseconds(), afterMs = after?.Initiated.ToUnixTimeMilliseconds(), afterId = after?.UploadId, limit }))
            .Select(r => r.ToRecord()).ToList(), cancellationToken);

    public Task<IReadOnlyList<UploadRecord>> ListBucketUploadsInitiatedBeforeAsync(string bucket, DateTimeOffset cutoff, (DateTimeOffset Initiated, string UploadId)? after, int limit, CancellationToken cancellationToken = default) =>
        db.ReadAsync<IReadOnlyList<UploadRecord>>(async c => (await c.QueryAsync<UploadRow>(
            // The uploads_open_bucket_initiated index range.
            UploadRow.Select + $"""
             WHERE bucket = @bucket AND state = 0 AND initiated_ms < @cutoff{(after is null ? "" : " AND (initiated_ms, upload_id) > (@afterMs, @afterId)")}
             ORDER BY initiated_ms, upload_id LIMIT @limit
            """,
            new { bucket, cutoff = cutoff.ToUnixTimeMilliseconds(), afterMs = after?.Initiated.ToUnixTimeMilliseconds(), afterId = after?.UploadId, limit }))
            .Select(r => r.ToRecord()).ToList(), cancellationToken);

    public Task<IReadOnlyList<ObjectRecord>> ListBucketObjectsModifiedBeforeAsync(string bucket, DateTimeOffset cutoff, (DateTimeOffset Modified, string Key)? after, int limit, CancellationToken cancellationToken = default) =>
        db.ReadAsync<IReadOnlyList<ObjectRecord>>(async c => (await c.QueryAsync<ObjectRow>(
            // The objects_bucket_modified index range.
            ObjectRow.Select + $"""
             WHERE bucket = @bucket AND modified_ms < @cutoff{(after is null ? "" : " AND (modified_ms, object_key) > (@afterMs, @afterKey)")}
             ORDER BY modified_ms, object_key LIMIT @limit
            """,
            new { bucket, cutoff = cutoff.ToUnixTimeMilliseconds(), afterMs = after?.Modified.ToUnixTimeMilliseconds(), afterKey = after?.Key, limit }))
            .Select(r => r.ToRecord()).ToList(), cancellationToken);
}
