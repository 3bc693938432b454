using Dapper;

namespace Orleans.Multipart.Silo.Storage.Sql;

/// <summary>
/// The collector's batch (issue 23, branch gc23): one statement deletes the batch's rows and returns their blob IDs, the
/// blobs are deleted while the transaction holds those rows, and the commit forgets them. Before, the rows were read,
/// and after the blobs were deleted they were forgotten by one DELETE per row (500 round trips per batch), and two
/// silos reading the same oldest rows both deleted their blobs.
/// </summary>
public sealed partial class SqlMetadataStore
{
    public Task<int> CollectGarbageBatchAsync(DateTimeOffset before, int limit, Func<IReadOnlyList<string>, CancellationToken, ValueTask> deleteBlobs, CancellationToken cancellationToken = default) =>
        db.WriteAsync(async (c, t) =>
        {
            // The subquery walks garbage_since from the oldest entry; rows another collector's open transaction holds
            // are skipped, not waited for (its delete of them is not committed, so they would only be found gone).
            var claimed = (await c.QueryAsync<string>(
                new CommandDefinition(
                    $"DELETE FROM garbage WHERE blob_id IN (SELECT blob_id FROM garbage WHERE since_ms < @before ORDER BY since_ms LIMIT @limit{D.ForUpdateSkipLocked}) RETURNING blob_id",
                    new { before = before.ToUnixTimeMilliseconds(), limit },
                    t,
                    cancellationToken: cancellationToken))).ToList();
            if (claimed.Count > 0)
            {
                await deleteBlobs(claimed, cancellationToken);
            }

            return claimed.Count;
        }, cancellationToken);
}
