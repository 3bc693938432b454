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

            await UpsertPartAsync(c, t, uploadId, part);
            return CopiedPartOutcome.Added;
        }, cancellationToken);
}
