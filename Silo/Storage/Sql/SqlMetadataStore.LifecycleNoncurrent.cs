using Dapper;
using Orleans.Multipart.Grains.Storage;

namespace Orleans.Multipart.Silo.Storage.Sql;

/// <summary>
/// Lifecycle of versions (issue 23, branch lc23b): NoncurrentVersionExpiration and the removal of lone delete markers.
/// The candidates are the bucket's <c>object_versions</c> rows read along their primary index (bucket, key, position) after
/// a keyset cursor; what each one's rule needs (when it became noncurrent, how many noncurrent versions are newer, whether
/// it is alone) comes from its key's neighbours on the <c>object_versions_order</c> index, so a batch costs its rows and
/// their keys' versions. A version becomes noncurrent when its successor is written, so its successor's modification
/// time is when its noncurrent days start (as RGW counts them).
/// </summary>
public sealed partial class SqlMetadataStore
{
    public Task<IReadOnlyList<NoncurrentVersionCandidate>> ListBucketNoncurrentVersionsAsync(string bucket, (string Key, long Position)? after, int limit, CancellationToken cancellationToken = default) =>
        db.ReadAsync<IReadOnlyList<NoncurrentVersionCandidate>>(async c => (await c.QueryAsync<NoncurrentRow>(
            $"""
            SELECT v.object_key AS objectkey, v.version_id AS versionid, v.seq, v.is_marker AS ismarker, v.size, v.modified_ms AS modifiedms, v.settings,
                   COALESCE(
                       (SELECT w.modified_ms FROM object_versions w WHERE w.bucket = v.bucket AND w.object_key = v.object_key AND w.seq > v.seq ORDER BY w.seq LIMIT 1),
                       (SELECT o.modified_ms FROM objects o WHERE o.bucket = v.bucket AND o.object_key = v.object_key)) AS successorms,
                   (SELECT COUNT(*) FROM object_versions w WHERE w.bucket = v.bucket AND w.object_key = v.object_key AND w.seq > v.seq AND w.is_marker = 0) AS newernoncurrent,
                   CASE WHEN NOT EXISTS (SELECT 1 FROM objects o WHERE o.bucket = v.bucket AND o.object_key = v.object_key)
                         AND NOT EXISTS (SELECT 1 FROM object_versions w WHERE w.bucket = v.bucket AND w.object_key = v.object_key AND w.seq <> v.seq)
                        THEN 1 ELSE 0 END AS onlyversion
            FROM object_versions v
            WHERE v.bucket = @bucket{(after is null ? "" : " AND (v.object_key, v.seq) > (@afterKey, @afterSeq)")}
            ORDER BY v.object_key, v.seq LIMIT @limit
            """,
            new { bucket, afterKey = after?.Key, afterSeq = after?.Position, limit })).Select(r => r.ToCandidate()).ToList(), cancellationToken);

    public Task<bool> ExpireVersionAsync(string bucket, string key, string versionId, bool loneMarker, CancellationToken cancellationToken = default) =>
        db.WriteAsync(async (c, t) =>
        {
            // The guard serialises this with every write and delete of the key, so the condition below holds at the delete.
            await GuardVersionedKeyAsync(c, t, bucket, key);
            var condition = loneMarker
                ? """
                  is_marker = 1 AND NOT EXISTS (SELECT 1 FROM objects o WHERE o.bucket = @bucket AND o.object_key = @key)
                  AND NOT EXISTS (SELECT 1 FROM object_versions w WHERE w.bucket = @bucket AND w.object_key = @key AND w.version_id <> @versionId)
                  """
                : """
                  (EXISTS (SELECT 1 FROM objects o WHERE o.bucket = @bucket AND o.object_key = @key)
                   OR EXISTS (SELECT 1 FROM object_versions w WHERE w.bucket = @bucket AND w.object_key = @key AND w.seq > object_versions.seq))
                  """;
            var removed = (await c.QueryAsync<RemovedVersionRow>(
                $"DELETE FROM object_versions WHERE bucket = @bucket AND object_key = @key AND version_id = @versionId AND {condition} RETURNING source_id AS sourceid, is_marker AS ismarker",
                new { bucket, key, versionId }, t)).ToList();
            if (removed.Count == 0)
            {
                return false;
            }

            // The version's parts go with it; a blob still named by another version's or object's parts stays (the 0001 triggers).
            if (removed[0].SourceId is { } sourceId)
            {
                await DiscardSourceAsync(c, t, sourceId);
            }

            return true;
        }, cancellationToken);

    private sealed class NoncurrentRow
    {
        public string ObjectKey { get; set; } = "";
        public string VersionId { get; set; } = "";
        public long Seq { get; set; }
        public long IsMarker { get; set; }
        public long Size { get; set; }
        public long ModifiedMs { get; set; }
        public string Settings { get; set; } = "{}";
        public long? SuccessorMs { get; set; }
        public long NewerNoncurrent { get; set; }
        public long OnlyVersion { get; set; }

        public NoncurrentVersionCandidate ToCandidate() => new(
            ObjectKey,
            VersionId,
            Seq,
            IsMarker != 0,
            Size,
            ReadSettings(Settings).Tags,
            DateTimeOffset.FromUnixTimeMilliseconds(ModifiedMs),
            SuccessorMs is { } successor ? DateTimeOffset.FromUnixTimeMilliseconds(successor) : null,
            (int)NewerNoncurrent,
            OnlyVersion != 0);
    }
}
