namespace Orleans.Multipart;

/// <summary>
/// One object key, addressed as <c>bucket/key</c> (see <see cref="ObjectKey"/>). Owns the key's current
/// version and enforces its bucket's initiate rule: <see cref="BucketRule.Exclusive"/> allows one open
/// upload and no existing object; <see cref="BucketRule.Concurrent"/> is S3's behaviour.
/// </summary>
[Alias("omp.object")]
public interface IObjectGrain : IGrainWithStringKey
{
    /// <summary>Opens a multipart upload. Throws NoSuchBucket, or ObjectAlreadyExists / UploadInProgress in an exclusive bucket.</summary>
    [GrainAction("s3:PutObject")]
    [Alias("initiate")]
    Task<UploadInfo> Initiate(ObjectSettings settings);

    /// <summary>Commits a multipart upload as this key's object. Called by the upload grain; validates the part list against the stored parts in one transaction.</summary>
    [GrainAction("s3:PutObject")]
    [Alias("commit-upload")]
    Task<CompleteResult> CommitUpload(string uploadId, IReadOnlyList<CompletePart> parts, CompletionRules rules, WriteConditions conditions);

    /// <summary>
    /// Stores a single-part object whose bytes are already in the blob store. In an exclusive bucket the key
    /// is write-once: ObjectAlreadyExists over an object, UploadInProgress with an open upload.
    /// </summary>
    [GrainAction("s3:PutObject")]
    [Alias("put")]
    Task<ObjectManifest> Put(StoredBlob blob, ObjectSettings settings, WriteConditions conditions);

    /// <summary>
    /// Makes this key a copy of <paramref name="source"/>'s object without copying a byte (the copy names
    /// the same blobs). Throws NoSuchBucket, NoSuchKey (no source object), PreconditionFailed (a copy-source
    /// or write condition), and in an exclusive bucket ObjectAlreadyExists over an object of this key,
    /// UploadInProgress with an open upload of it.
    /// </summary>
    [Alias("copy-from")]
    Task<ObjectManifest> CopyFrom(CopySource source, WriteConditions conditions);

    /// <summary>The current object and its parts in order, or null.</summary>
    [GrainAction("s3:GetObject")]
    [Alias("get")]
    Task<ObjectManifest?> Get();

    /// <summary>Deletes the object; false when there was none.</summary>
    [GrainAction("s3:DeleteObject")]
    [Alias("delete")]
    Task<bool> Delete();

    /// <summary>
    /// The object's ACL, read from the database (not a cached manifest): its owner (the writer's account, root's for
    /// objects written before accounts) and grants (the owner's FULL_CONTROL alone when none were set); null when the key has no object.
    /// </summary>
    [Alias("get-acl")]
    Task<AccessControlList?> GetAcl();

    /// <summary>Replaces the object's ACL (its owner stays the object's, whatever <paramref name="acl"/> names); false when the key has no object.</summary>
    [Alias("set-acl")]
    Task<bool> SetAcl(AccessControlList acl);

    // Tagging (issue 23).

    /// <summary>The object's tags, read from the database (not a cached manifest): <see cref="TagSet.Empty"/> when it has none; null when the key has no object.</summary>
    [GrainAction("s3:GetObjectTagging")]
    [Alias("get-tags")]
    Task<TagSet?> GetTags();

    /// <summary>Replaces the object's tags (already checked: <see cref="TagSet.ToWrite"/>); null or an empty set removes them. False when the key has no object.</summary>
    [GrainAction("s3:PutObjectTagging")]
    [Alias("set-tags")]
    Task<bool> SetTags(TagSet? tags);
    // Versioning (issue 23).

    /// <summary>One version of the key by ID (<c>"null"</c> included): its manifest, or that it is a delete marker; null when the key has no such version.</summary>
    [GrainAction("s3:GetObjectVersion")]
    [Alias("get-version")]
    Task<VersionRead?> GetVersion(string versionId);

    /// <summary>The key's latest version when it is a delete marker (what a read without a version ID answers 404 with), else null.</summary>
    [GrainAction("s3:GetObject")]
    [Alias("latest-delete-marker")]
    Task<DeleteMarkerInfo?> LatestDeleteMarker();

    /// <summary>
    /// DELETE as S3 answers it: without <paramref name="versionId"/>, the current object (a bucket never versioned) or a new delete
    /// marker (a versioned bucket); with it, that version for good. Null when there was nothing to delete.
    /// </summary>
    [GrainAction("s3:DeleteObject")]
    [Alias("delete-version")]
    Task<DeleteResult?> DeleteVersion(string? versionId);

    // Settings of one named version (ver23b): ?tagging&versionId= and ?acl&versionId=. Reads take them from GetVersion's manifest.

    /// <summary>Replaces version <paramref name="versionId"/>'s tags (already checked; null or empty removes them).</summary>
    [GrainAction("s3:PutObjectVersionTagging")]
    [Alias("set-version-tags")]
    Task<VersionSettingsChange> SetVersionTags(string versionId, TagSet? tags);

    /// <summary>Replaces version <paramref name="versionId"/>'s ACL (its owner stays the version's, whatever <paramref name="acl"/> names).</summary>
    [Alias("set-version-acl")]
    Task<VersionSettingsChange> SetVersionAcl(string versionId, AccessControlList acl);
}
