namespace Orleans.Multipart.Grains.Storage;

/// <summary>
/// The blob collector's claim on the garbage list (issue 23, branch gc23): several collectors (batches in flight in one
/// silo, and other silos) drain the list at once, and the database decides which entries each one takes.
/// </summary>
public partial interface IMetadataStore
{
    /// <summary>
    /// Takes up to <paramref name="limit"/> garbage entries that became garbage before <paramref name="before"/> and that
    /// no other collector holds, hands their blob IDs to <paramref name="deleteBlobs"/>, and forgets them, all in one
    /// transaction: entries held by a collector still at work are skipped (PostgreSQL: <c>FOR UPDATE SKIP LOCKED</c>;
    /// SQLite has one writer), so no two collectors take the same entry, and entries whose deletion throws or whose
    /// collector dies before the commit stay on the list for the next run. Returns how many were collected (0: none left).
    /// </summary>
    Task<int> CollectGarbageBatchAsync(DateTimeOffset before, int limit, Func<IReadOnlyList<string>, CancellationToken, ValueTask> deleteBlobs, CancellationToken cancellationToken = default);
}
