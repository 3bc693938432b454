using Dapper;
using Orleans.Multipart.Grains.Storage;

namespace Orleans.Multipart.Silo.Storage.Sql;

public sealed partial class SqlMetadataStore
{
    public Task<CopiedPartOutcome> AddCopiedPartAsync(string bucket, string key, string uploadId, PartInfo part, string sourceBucket, string sourceKey, CancellationToken cancellationToken = default) =>
        db.WriteAsync(async (c, t) =>
        {
            // Lock order as everywhere: bucket, key guard, upload row, parts. Holding the source key's guard
            // makes a delete or overwrite of the source wait for this registration (its trigger then sees the
            // new part and keeps the blob), or this registration find the blob no longer the source's.
            _ = await BucketRuleAsync(c, t, sourceBucket);
            await GuardKeyAsync(c, t, sourceBucket, sourceKey);
            if (await c.ExecuteScalarAsync<long?>(
                    $"SELECT 1 FROM uploads WHERE upload_id = @uploadId AND bucket = @bucket AND object_key = @key AND state = 0{D.ForShare}",
                    new { uploadId, bucket, key }, t) is null)
            {
                return CopiedPartOutcome.UploadNotOpen;
            }

            // Only the source's current object vouches for the blob: a blob off the garbage list may already
            // be deleted by the collector, and one on it may not be named again.
            if (await c.ExecuteScalarAsync<long?>(
                    """
                    SELECT 1 FROM objects o JOIN parts p ON p.source_id = o.source_id
                    WHERE o.bucket = @sourceBucket AND o.object_key = @sourceKey AND p.blob_id = @BlobId LIMIT 1
                    """,
                    new { sourceBucket, sourceKey, part.BlobId }, t) is null)
            {
                return CopiedPartOutcome.SourceChanged;
            }

            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            await c.ExecuteAsync(
                """
                INSERT INTO parts (source_id, part_number, size, etag, blob_id, created_ms, checksum)
                VALUES (@uploadId, @PartNumber, @Size, @ETag, @BlobId, @now, @Checksum)
                ON CONFLICT (source_id, part_number) DO UPDATE SET size = excluded.size, etag = excluded.etag, blob_id = excluded.blob_id, created_ms = excluded.created_ms, checksum = excluded.checksum
                """,
                new { uploadId, part.PartNumber, part.Size, part.ETag, part.BlobId, now, Checksum = part.Checksum?.Format() }, t);
            return CopiedPartOutcome.Added;
        }, cancellationToken);
}
