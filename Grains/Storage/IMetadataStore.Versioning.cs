namespace Orleans.Multipart.Grains.Storage;

/// <summary>
/// Bucket versioning (issue 23): the bucket's state, reads and deletes of one version, and the version listing. The writes
/// of <see cref="IMetadataStore"/> (PUT, Complete, copy, DELETE) keep the replaced object as a noncurrent version in a
/// versioned bucket; every blob a live version names stays (its parts rows stay with it).
/// </summary>
public partial interface IMetadataStore
{
    /// <summary>Sets the bucket's versioning; an exclusive (write-once) bucket refuses it.</summary>
    Task<BucketVersioningOutcome> SetBucketVersioningAsync(string bucket, BucketVersioning state, CancellationToken cancellationToken = default);

    /// <summary>One version of the key by ID (the current object's included), or null.</summary>
    Task<StoredVersion?> GetObjectVersionAsync(string bucket, string key, string versionId, CancellationToken cancellationToken = default);

    /// <summary>The key's latest version when it is a delete marker (the key then has no current object), else null.</summary>
    Task<DeleteMarkerInfo?> GetLatestDeleteMarkerAsync(string bucket, string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes as S3's DELETE does: without <paramref name="versionId"/>, the current object (never versioned) or a new
    /// delete marker owned by <paramref name="owner"/> (versioned); with it, that version for good (the newest remaining
    /// version becomes current again when it is an object). Null when there was nothing to delete, or when
    /// <paramref name="onlySourceId"/> is given without a version and the current object is another one (lifecycle expiry).
    /// </summary>
    Task<DeleteResult?> DeleteObjectVersionAsync(string bucket, string key, string? versionId, string? owner = null, CancellationToken cancellationToken = default, string? onlySourceId = null);

    /// <summary>
    /// Versions and delete markers with key &gt;= <paramref name="prefix"/>, by key then newest first, after
    /// <paramref name="afterKey"/> (every version of it when <paramref name="afterSeq"/> is null, else those older than that position).
    /// </summary>
    Task<IReadOnlyList<StoredVersionEntry>> ListObjectVersionsAsync(string bucket, string prefix, string? afterKey, long? afterSeq, int limit, CancellationToken cancellationToken = default);

    /// <summary>The position of a version among its key's (what <see cref="ListObjectVersionsAsync"/> continues after), or null.</summary>
    Task<long?> GetVersionPositionAsync(string bucket, string key, string versionId, CancellationToken cancellationToken = default);
}

public enum BucketVersioningOutcome
{
    Set,
    NotFound,

    /// <summary>The bucket is exclusive (write-once): its keys are never overwritten, so there is nothing to version.</summary>
    ExclusiveBucket,
}

/// <summary>A version as stored: its record (<see cref="ObjectRecord.VersionId"/> set), whether it is a delete marker, whether it is the key's latest.</summary>
public sealed record StoredVersion(ObjectRecord Record, bool IsDeleteMarker, bool IsLatest);

/// <summary>A listed version and its position among its key's versions (the listing's cursor).</summary>
public sealed record StoredVersionEntry(ObjectVersionSummary Summary, long Position);

/// <summary>Settings of one named version (ver23b): its tags and ACL, S3's <c>?tagging&amp;versionId=</c> and <c>?acl&amp;versionId=</c>.</summary>
public partial interface IMetadataStore
{
    /// <summary>
    /// Replaces the settings of the key's version <paramref name="versionId"/> (the current object's included, "null" too) with
    /// <paramref name="change"/> of them, under the key's guard row as every write of the key; a delete marker is left as it is.
    /// </summary>
    Task<VersionSettingsChange> ChangeObjectVersionSettingsAsync(string bucket, string key, string versionId, Func<ObjectSettings, ObjectSettings> change, CancellationToken cancellationToken = default);
}
