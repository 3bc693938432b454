using Dapper;
using Orleans.Multipart.Grains.Admin;

namespace Orleans.Multipart.Silo.Storage.Sql;

/// <summary>The open-upload summary (stale uploads made visible): one query per refresh period, never per request.</summary>
public sealed partial class SqlMetadataStore
{
    // Only open uploads are read, through the partial indexes on state = 0 (uploads_open, uploads_open_initiated):
    // completed and aborted upload rows, however many, are never scanned. Each open upload's bytes come from its
    // own parts through the parts primary key (source_id, part_number), so objects' parts are never read either.
    // The totals are window functions over the per-bucket rows, so one round trip gives the totals and the top
    // buckets. SUM is cast because PostgreSQL sums BIGINT as NUMERIC.
    private const string SummarizeOpenUploadsSql =
        """
        WITH open_uploads AS (
            SELECT u.bucket, u.initiated_ms,
              (SELECT COALESCE(SUM(p.size), 0) FROM parts p WHERE p.source_id = u.upload_id) AS bytes
            FROM uploads u WHERE u.state = 0),
        per_bucket AS (
            SELECT bucket, COUNT(*) AS uploads, SUM(bytes) AS bytes, MIN(initiated_ms) AS oldestms
            FROM open_uploads GROUP BY bucket),
        ranked AS (
            SELECT bucket, uploads, bytes, oldestms,
              ROW_NUMBER() OVER (ORDER BY bytes DESC, bucket) AS rank_no,
              COUNT(*) OVER () AS allbuckets, SUM(uploads) OVER () AS alluploads,
              SUM(bytes) OVER () AS allbytes, MIN(oldestms) OVER () AS alloldestms
            FROM per_bucket)
        SELECT bucket, CAST(uploads AS BIGINT) AS uploads, CAST(bytes AS BIGINT) AS bytes, oldestms,
          CAST(allbuckets AS BIGINT) AS allbuckets, CAST(alluploads AS BIGINT) AS alluploads,
          CAST(allbytes AS BIGINT) AS allbytes, alloldestms
        FROM ranked WHERE rank_no <= @top OR bytes >= @atLeastBytes
        ORDER BY rank_no
        """;

    public Task<OpenUploadSummary> SummarizeOpenUploadsAsync(int top, long atLeastBytes, CancellationToken cancellationToken = default) =>
        db.ReadAsync(async c =>
        {
            var rows = (await c.QueryAsync<OpenUploadSummaryRow>(SummarizeOpenUploadsSql, new { top, atLeastBytes })).ToList();
            if (rows.Count == 0)
            {
                return OpenUploadSummary.Empty(default);
            }

            var first = rows[0];
            return new OpenUploadSummary(default, first.AllBuckets, first.AllUploads, first.AllBytes,
                DateTimeOffset.FromUnixTimeMilliseconds(first.AllOldestMs),
                rows.Select(r => new BucketOpenUploads(r.Bucket, r.Uploads, r.Bytes, DateTimeOffset.FromUnixTimeMilliseconds(r.OldestMs))).ToList());
        }, cancellationToken);

    private sealed class OpenUploadSummaryRow
    {
        public string Bucket { get; set; } = "";
        public long Uploads { get; set; }
        public long Bytes { get; set; }
        public long OldestMs { get; set; }
        public long AllBuckets { get; set; }
        public long AllUploads { get; set; }
        public long AllBytes { get; set; }
        public long AllOldestMs { get; set; }
    }
}
