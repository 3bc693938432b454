namespace Orleans.Multipart.Grains.Storage;

/// <summary>
/// Lifecycle of versions (issue 23): the sweep's candidates among a bucket's noncurrent versions and delete markers, read
/// along an index so that a pass reads only versions old enough to be due (0005, branch ver23c), and the guarded batch
/// delete that expires them only while each is still what the sweep read.
/// </summary>
public partial interface IMetadataStore
{
    /// <summary>
    /// A bucket's noncurrent versions (delete markers included) that became noncurrent at or before
    /// <paramref name="noncurrentBefore"/>, in (noncurrent since, key, position) order after <paramref name="after"/>, each
    /// with how many noncurrent versions of its key are newer.
    /// </summary>
    Task<IReadOnlyList<NoncurrentVersionCandidate>> ListNoncurrentVersionsAsync(
        string bucket, DateTimeOffset noncurrentBefore, (DateTimeOffset Since, string Key, long Position)? after, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// A bucket's delete markers that are their key's only version and were written at or before
    /// <paramref name="writtenBefore"/>, in (key, position) order after <paramref name="after"/>.
    /// </summary>
    Task<IReadOnlyList<NoncurrentVersionCandidate>> ListLoneDeleteMarkersAsync(
        string bucket, DateTimeOffset writtenBefore, (string Key, long Position)? after, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes a batch of versions for the lifecycle sweep in one transaction, under the keys' guards, each only while it
    /// is still as read: a noncurrent version only while it is still noncurrent since the same time (never one a delete by
    /// version ID has made current since, nor one made noncurrent again later), a lone delete marker only while it is still
    /// its key's only version. How many were deleted.
    /// </summary>
    Task<int> ExpireVersionsAsync(string bucket, IReadOnlyList<ExpiringVersion> versions, CancellationToken cancellationToken = default);
}

/// <summary>A noncurrent version or delete marker as the lifecycle sweep reads it; <see cref="NoncurrentSince"/> is null for a lone marker.</summary>
public sealed record NoncurrentVersionCandidate(
    string Key,
    string VersionId,
    long Position,
    bool IsDeleteMarker,
    long Size,
    TagSet? Tags,
    DateTimeOffset Written,
    DateTimeOffset? NoncurrentSince,
    int NewerNoncurrent,
    bool OnlyVersion);

/// <summary>A version the sweep found due: a noncurrent one (noncurrent since then, as read) or a lone delete marker (<see cref="NoncurrentSince"/> null).</summary>
public sealed record ExpiringVersion(string Key, string VersionId, DateTimeOffset? NoncurrentSince);
