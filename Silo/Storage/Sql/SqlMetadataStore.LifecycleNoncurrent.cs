using System.Globalization;
using System.Text;
using Dapper;
using Orleans.Multipart.Grains.Storage;

namespace Orleans.Multipart.Silo.Storage.Sql;

/// <summary>
/// Lifecycle of versions (issue 23): NoncurrentVersionExpiration and the removal of lone delete markers. Each version
/// stores when it became noncurrent (<c>noncurrent_since_ms</c>, 0005: the time of its successor's write, set by the
/// write under the key's guard; NULL for a key's latest delete marker), so the sweep reads its candidates along the
/// <c>object_versions_noncurrent</c> index: the versions noncurrent since before a cut-off, and the latest markers. A
/// pass costs its candidates, not the bucket's versions (branch ver23c; before, every version of the bucket was read with
/// its key's neighbours on each pass). A batch of due versions is deleted in one transaction under the keys' guard rows,
/// taken in key order as the other lifecycle batches take them (SqlMetadataStore.LifecycleBatch.cs).
/// </summary>
public sealed partial class SqlMetadataStore
{
    private const string CandidateColumns =
        """
        SELECT v.object_key AS objectkey, v.version_id AS versionid, v.seq, v.is_marker AS ismarker, v.size, v.modified_ms AS modifiedms, v.settings,
               v.noncurrent_since_ms AS noncurrentsincems
        """;

    public Task<IReadOnlyList<NoncurrentVersionCandidate>> ListNoncurrentVersionsAsync(
        string bucket, DateTimeOffset noncurrentBefore, (DateTimeOffset Since, string Key, long Position)? after, int limit, CancellationToken cancellationToken = default) =>
        db.ReadAsync<IReadOnlyList<NoncurrentVersionCandidate>>(async c => (await c.QueryAsync<NoncurrentRow>(
            $"""
            {CandidateColumns},
                   (SELECT COUNT(*) FROM object_versions w WHERE w.bucket = v.bucket AND w.object_key = v.object_key AND w.seq > v.seq AND w.is_marker = 0) AS newernoncurrent,
                   0 AS onlyversion
            FROM object_versions v
            WHERE v.bucket = @bucket AND v.noncurrent_since_ms <= @beforeMs{(after is null ? "" : " AND (v.noncurrent_since_ms, v.object_key, v.seq) > (@afterMs, @afterKey, @afterSeq)")}
            ORDER BY v.noncurrent_since_ms, v.object_key, v.seq LIMIT @limit
            """,
            new
            {
                bucket,
                beforeMs = noncurrentBefore.ToUnixTimeMilliseconds(),
                afterMs = after?.Since.ToUnixTimeMilliseconds(),
                afterKey = after?.Key,
                afterSeq = after?.Position,
                limit,
            })).Select(r => r.ToCandidate()).ToList(), cancellationToken);

    public Task<IReadOnlyList<NoncurrentVersionCandidate>> ListLoneDeleteMarkersAsync(
        string bucket, DateTimeOffset writtenBefore, (string Key, long Position)? after, int limit, CancellationToken cancellationToken = default) =>
        db.ReadAsync<IReadOnlyList<NoncurrentVersionCandidate>>(async c => (await c.QueryAsync<NoncurrentRow>(
            $"""
            {CandidateColumns}, 0 AS newernoncurrent, 1 AS onlyversion
            FROM object_versions v
            WHERE v.bucket = @bucket AND v.noncurrent_since_ms IS NULL AND v.is_marker = 1 AND v.modified_ms <= @beforeMs
              AND NOT EXISTS (SELECT 1 FROM objects o WHERE o.bucket = v.bucket AND o.object_key = v.object_key)
              AND NOT EXISTS (SELECT 1 FROM object_versions w WHERE w.bucket = v.bucket AND w.object_key = v.object_key AND w.seq <> v.seq){(after is null ? "" : " AND (v.object_key, v.seq) > (@afterKey, @afterSeq)")}
            ORDER BY v.object_key, v.seq LIMIT @limit
            """,
            new { bucket, beforeMs = writtenBefore.ToUnixTimeMilliseconds(), afterKey = after?.Key, afterSeq = after?.Position, limit }))
            .Select(r => r.ToCandidate()).ToList(), cancellationToken);

    public Task<int> ExpireVersionsAsync(string bucket, IReadOnlyList<ExpiringVersion> versions, CancellationToken cancellationToken = default) =>
        versions.Count == 0
            ? Task.FromResult(0)
            : db.WriteAsync(async (c, t) =>
            {
                var due = versions.DistinctBy(v => (v.Key, v.VersionId)).ToList();
                var parameters = new DynamicParameters();
                parameters.Add("bucket", bucket);

                // The guards serialise the batch with every write and delete of its keys, so the conditions below hold at
                // the delete; taken in byte order, the order of copies' two guards and the other lifecycle batches.
                var guards = new StringBuilder();
                var keys = due.Select(v => v.Key).Distinct().Order(StringComparer.Ordinal).ToList();
                for (var i = 0; i < keys.Count; i++)
                {
                    var name = "g" + i.ToString(CultureInfo.InvariantCulture);
                    parameters.Add(name, keys[i]);
                    guards.Append(i == 0 ? "" : ", ").Append("(@bucket, @").Append(name).Append(", 1)");
                }

                await LockGuardsAsync(c, t, guards.ToString(), parameters);

                var noncurrent = new StringBuilder();
                var markers = new StringBuilder();
                for (var i = 0; i < due.Count; i++)
                {
                    var n = i.ToString(CultureInfo.InvariantCulture);
                    parameters.Add("k" + n, due[i].Key);
                    parameters.Add("v" + n, due[i].VersionId);
                    if (due[i].NoncurrentSince is { } since)
                    {
                        parameters.Add("s" + n, since.ToUnixTimeMilliseconds());
                        noncurrent.Append(noncurrent.Length == 0 ? "" : ", ").Append("(@k").Append(n).Append(", @v").Append(n).Append(", @s").Append(n).Append(')');
                    }
                    else
                    {
                        markers.Append(markers.Length == 0 ? "" : ", ").Append("(@k").Append(n).Append(", @v").Append(n).Append(')');
                    }
                }

                var removed = new List<RemovedVersionRow>();
                if (noncurrent.Length > 0)
                {
                    // Still noncurrent since the time read (a version made current again, then noncurrent again by a later
                    // write, starts its days again), and a newer version or a current object above it.
                    removed.AddRange(await c.QueryAsync<RemovedVersionRow>(
                        $"""
                        DELETE FROM object_versions
                        WHERE bucket = @bucket AND (object_key, version_id, noncurrent_since_ms) IN (VALUES {noncurrent})
                          AND (EXISTS (SELECT 1 FROM objects o WHERE o.bucket = @bucket AND o.object_key = object_versions.object_key)
                               OR EXISTS (SELECT 1 FROM object_versions w WHERE w.bucket = @bucket AND w.object_key = object_versions.object_key AND w.seq > object_versions.seq))
                        RETURNING source_id AS sourceid, is_marker AS ismarker
                        """,
                        parameters, t));
                }

                if (markers.Length > 0)
                {
                    removed.AddRange(await c.QueryAsync<RemovedVersionRow>(
                        $"""
                        DELETE FROM object_versions
                        WHERE bucket = @bucket AND (object_key, version_id) IN (VALUES {markers}) AND is_marker = 1 AND noncurrent_since_ms IS NULL
                          AND NOT EXISTS (SELECT 1 FROM objects o WHERE o.bucket = @bucket AND o.object_key = object_versions.object_key)
                          AND NOT EXISTS (SELECT 1 FROM object_versions w WHERE w.bucket = @bucket AND w.object_key = object_versions.object_key AND w.version_id <> object_versions.version_id)
                        RETURNING source_id AS sourceid, is_marker AS ismarker
                        """,
                        parameters, t));
                }

                // The versions' parts go with them; a blob still named by another version's or object's parts stays (the 0001 triggers).
                await DiscardSourcesAsync(c, t, removed.Select(r => r.SourceId).OfType<string>().ToList());
                return removed.Count;
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
        public long? NoncurrentSinceMs { get; set; }
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
            NoncurrentSinceMs is { } since ? DateTimeOffset.FromUnixTimeMilliseconds(since) : null,
            (int)NewerNoncurrent,
            OnlyVersion != 0);
    }
}
