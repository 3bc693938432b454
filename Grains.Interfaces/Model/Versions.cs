namespace Orleans.Multipart;

/// <summary>A bucket's versioning state (S3's PutBucketVersioning Status). A bucket once versioned never returns to <see cref="Unversioned"/>.</summary>
[GenerateSerializer, Alias("omp.BucketVersioning")]
public enum BucketVersioning
{
    /// <summary>Never enabled: a write replaces the key's object, which has the null version and no x-amz-version-id.</summary>
    Unversioned = 0,

    /// <summary>Every write and delete makes a new version with its own ID; earlier versions stay.</summary>
    Enabled = 1,

    /// <summary>Writes and deletes make the null version (replacing an earlier null version); other versions stay.</summary>
    Suspended = 2,
}

/// <summary>The ID S3 gives the null version (objects written while a bucket was not versioning).</summary>
public static class VersionIds
{
    public const string Null = "null";

    /// <summary>
    /// Whether <paramref name="versionId"/> could name a version: "null", or an ID as this service makes them
    /// (32 lowercase hex digits); anything else is S3's 400 InvalidArgument "Invalid version id specified".
    /// </summary>
    public static bool IsWellFormed(string versionId) =>
        versionId == Null || (versionId.Length == 32 && versionId.All(char.IsAsciiHexDigitLower));
}

/// <summary>One version of a listing (ListObjectVersions): an object version or a delete marker (<paramref name="IsDeleteMarker"/>: no size, ETag or storage class).</summary>
[GenerateSerializer, Immutable, Alias("omp.ObjectVersionSummary")]
public sealed record ObjectVersionSummary(string Key, string VersionId, bool IsLatest, bool IsDeleteMarker, long Size, string ETag, DateTimeOffset LastModified, string? StorageClass, string? Owner);

/// <param name="KeyMarker">List after this key (with <paramref name="VersionIdMarker"/>: after that version of it).</param>
[GenerateSerializer, Immutable, Alias("omp.ObjectVersionListingRequest")]
public sealed record ObjectVersionListingRequest(string Prefix = "", string? Delimiter = null, string? KeyMarker = null, string? VersionIdMarker = null, int MaxKeys = 1000);

/// <summary>A page of versions, by key then newest first; <paramref name="NextKeyMarker"/> and <paramref name="NextVersionIdMarker"/> continue a truncated one.</summary>
[GenerateSerializer, Immutable, Alias("omp.ObjectVersionListing")]
public sealed record ObjectVersionListing(IReadOnlyList<ObjectVersionSummary> Versions, IReadOnlyList<string> CommonPrefixes, bool IsTruncated, string? NextKeyMarker, string? NextVersionIdMarker);

/// <summary>
/// What a delete did: <paramref name="VersionId"/> is the delete marker it made or the version it removed (null in a bucket never
/// versioned), <paramref name="DeleteMarker"/> whether that is a delete marker (S3's x-amz-delete-marker).
/// </summary>
[GenerateSerializer, Immutable, Alias("omp.DeleteResult")]
public sealed record DeleteResult(string? VersionId, bool DeleteMarker);

/// <summary>
/// A read of one version: the object (<paramref name="Manifest"/>) or, when the version is a delete marker,
/// <paramref name="DeleteMarker"/> (its ID and time: S3 answers 405 with x-amz-delete-marker for it).
/// </summary>
[GenerateSerializer, Immutable, Alias("omp.VersionRead")]
public sealed record VersionRead(ObjectManifest? Manifest, DeleteMarkerInfo? DeleteMarker);

[GenerateSerializer, Immutable, Alias("omp.DeleteMarkerInfo")]
public sealed record DeleteMarkerInfo(string VersionId, DateTimeOffset LastModified);

/// <summary>What a change of one version's tags or ACL found (ver23b): the version changed, no version of that ID, or a delete marker (which has neither).</summary>
[GenerateSerializer, Alias("omp.VersionSettingsChange")]
public enum VersionSettingsChange
{
    Changed,
    NoSuchVersion,
    DeleteMarker,
}
