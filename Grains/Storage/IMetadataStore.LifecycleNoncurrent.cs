namespace Orleans.Multipart.Grains.Storage;

/// <summary>
/// Lifecycle of versions (issue 23, branch lc23b): the sweep's candidates among a bucket's noncurrent versions and delete
/// markers, and the guarded delete that expires one of them only while it is still what the sweep read.
/// </summary>
public partial interface IMetadataStore
{
    /// <summary>
    /// A bucket's noncurrent versions and delete markers in (key, position) order after <paramref name="after"/>, each with
    /// when it became noncurrent (its successor's write; null for a key's latest version, a delete marker), how many
    /// noncurrent versions of its key are newer, and whether it is its key's only version.
    /// </summary>
    Task<IReadOnlyList<NoncurrentVersionCandidate>> ListBucketNoncurrentVersionsAsync(string bucket, (string Key, long Position)? after, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes a version for the lifecycle sweep, under the key's guard, only while it is still as read: a noncurrent
    /// version only while a newer version of its key exists (never one a delete by version ID has made current since), a
    /// lone delete marker (<paramref name="loneMarker"/>) only while it is still its key's only version. False when not deleted.
    /// </summary>
    Task<bool> ExpireVersionAsync(string bucket, string key, string versionId, bool loneMarker, CancellationToken cancellationToken = default);
}

/// <summary>A noncurrent version or delete marker as the lifecycle sweep reads it.</summary>
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
