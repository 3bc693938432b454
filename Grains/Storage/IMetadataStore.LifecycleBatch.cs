namespace Orleans.Multipart.Grains.Storage;

/// <summary>
/// Lifecycle batches (issue 23, branch expiry1m): a sweep's batch of due uploads or objects acted on in one transaction,
/// with the guards of the per-row calls (<see cref="IMetadataStore.AbortUploadAsync"/>, expiry through
/// <see cref="IMetadataStore.DeleteObjectAsync"/>), so that a million rows cost a few thousand commits, not a million.
/// </summary>
public partial interface IMetadataStore
{
    /// <summary>
    /// Aborts those of the bucket's <paramref name="uploadIds"/> that are still open, in one transaction, as
    /// <see cref="IMetadataStore.AbortUploadAsync"/> does each (their parts go, their blobs become garbage); an upload
    /// completed or aborted since it was read is not touched. Returns how many were aborted.
    /// </summary>
    Task<int> AbortOpenUploadsAsync(string bucket, IReadOnlyList<string> uploadIds, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes, in one transaction under their keys' guard rows, each of the bucket's objects that is still the one read
    /// (its key's current object has that source ID), as an expiring <see cref="IMetadataStore.DeleteObjectAsync"/> does
    /// each; a key written since (or deleted) is not touched. Only in a bucket never versioned: in a versioned or
    /// suspended one an expiry is versioning's delete (a delete marker), so this does nothing and returns null, and the
    /// caller deletes one by one. Returns how many were deleted.
    /// </summary>
    Task<int?> ExpireUnversionedObjectsAsync(string bucket, IReadOnlyList<ExpiringObject> objects, CancellationToken cancellationToken = default);
}

/// <summary>An object a lifecycle sweep found due: its key and the source ID of the object it read there.</summary>
public sealed record ExpiringObject(string Key, string SourceId);
