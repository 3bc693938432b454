namespace Orleans.Multipart.Grains.Storage;

/// <summary>
/// The metadata database behind the grains. Every invariant lives here, in a transaction, a unique
/// index or a conditional update, so that it holds even when two activations of one grain run at once:
/// one open upload per key in an exclusive bucket (partial unique index) and no write over its object
/// (checked under the key's guard row), parts only for open uploads
/// (the part insert and the upload's state change lock the same row), Complete at most once (a
/// conditional state transition), writers of one key serialised by a guard row, and a blob listed as
/// garbage exactly when no part names it any more (triggers; copies share blobs).
/// Registering a part is O(1) work however many parts the upload has.
/// </summary>
public partial interface IMetadataStore
{
    Task<bool> CreateBucketAsync(BucketInfo bucket, CancellationToken cancellationToken = default);

    Task<BucketInfo?> GetBucketAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>The buckets of <paramref name="owner"/>, or every bucket when it is null; by name.</summary>
    Task<IReadOnlyList<BucketInfo>> ListBucketsAsync(string? owner = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes an empty bucket, aborting its open uploads (their parts become garbage).</summary>
    Task<DeleteBucketOutcome> DeleteBucketAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Inserts an open upload. Throws NoSuchBucket; in an exclusive bucket ObjectAlreadyExists when the
    /// key has an object and UploadInProgress when it has an open upload.
    /// </summary>
    Task InsertUploadAsync(UploadRecord upload, CancellationToken cancellationToken = default);

    /// <summary>Open uploads initiated before <paramref name="cutoff"/>, oldest first (an indexed range, for the expiry sweep).</summary>
    Task<IReadOnlyList<UploadRecord>> ListOpenUploadsInitiatedBeforeAsync(DateTimeOffset cutoff, int limit, CancellationToken cancellationToken = default);

    Task<UploadRecord?> GetUploadAsync(string uploadId, CancellationToken cancellationToken = default);

    /// <summary>Registers a part (replacing an earlier one of that number, whose blob becomes garbage); false when the upload is not open for that key.</summary>
    Task<bool> AddPartAsync(string bucket, string key, string uploadId, PartInfo part, CancellationToken cancellationToken = default);

    Task<(IReadOnlyList<PartInfo> Parts, bool IsTruncated)> ListPartsAsync(string uploadId, int partNumberMarker, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Completes an open upload in one transaction: <paramref name="plan"/> sees every stored part and the
    /// key's current object and either throws (nothing changes) or returns the listed parts; unlisted
    /// parts and the replaced object's parts become garbage. An upload that is already completed answers
    /// its stored result only when <paramref name="repeats"/> says this request repeats the Complete that
    /// won (it sees the parts the object kept, none once the object is replaced or deleted), else throws
    /// NoSuchUpload; an unknown, aborted or other-key upload throws NoSuchUpload.
    /// </summary>
    Task<CompleteResult> CompleteUploadAsync(
        string bucket,
        string key,
        string uploadId,
        Func<IReadOnlyList<PartInfo>, ObjectRecord?, CompletionPlan> plan,
        Func<IReadOnlyList<PartInfo>, bool> repeats,
        DateTimeOffset now,
        CancellationToken cancellationToken = default);

    /// <summary>Aborts an open upload; its parts become garbage. False when it is not open for that key.</summary>
    Task<bool> AbortUploadAsync(string bucket, string key, string uploadId, CancellationToken cancellationToken = default);

    Task<ObjectRecord?> GetObjectAsync(string bucket, string key, CancellationToken cancellationToken = default);

    /// <summary>The parts of an object's source (its upload ID, or the ID of a single PUT), ascending.</summary>
    Task<IReadOnlyList<PartInfo>> GetSourcePartsAsync(string sourceId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores a single-part object. <paramref name="precheck"/> sees the current object inside the
    /// transaction. Throws NoSuchBucket; in an exclusive bucket (write-once keys) ObjectAlreadyExists when the
    /// key has an object and UploadInProgress when it has an open upload. In a versioned bucket the object
    /// replaced stays as a noncurrent version (see <see cref="DeleteObjectVersionAsync"/>); returns the new
    /// object's version ID (null in a bucket never versioned).
    /// </summary>
    Task<string?> PutObjectAsync(ObjectRecord obj, PartInfo part, Action<ObjectRecord?> precheck, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the key's current object as a DELETE request does: in a bucket never versioned its parts become
    /// garbage; in a versioned one it becomes a noncurrent version behind a new delete marker. False when there is
    /// nothing to delete, or when <paramref name="onlySourceId"/> is given and the current object is another one
    /// (lifecycle expiry: an object written since the sweep read the key is not the one that expired).
    /// </summary>
    Task<bool> DeleteObjectAsync(string bucket, string key, CancellationToken cancellationToken = default, string? onlySourceId = null);

    /// <summary>
    /// Replaces the ACL in the key's current object's settings (its owner kept: the settings' Owner, root's when none),
    /// under the key's guard row so that it applies to the object a concurrent write may be replacing or to its successor,
    /// never lost in between. False when the key has no object.
    /// </summary>
    Task<bool> SetObjectAclAsync(string bucket, string key, AccessControlList acl, CancellationToken cancellationToken = default);

    /// <summary>
    /// Copies the source key's object to the destination key without copying a byte: the destination's
    /// new source <paramref name="destinationSourceId"/> names the same blobs (a blob stays while any
    /// part names it; the database's triggers make it garbage only when the last name goes). Both keys'
    /// guard rows are held, so a delete or overwrite of the source waits for the copy or the copy finds
    /// the source gone. <paramref name="plan"/> sees the source and the destination's current object inside
    /// the transaction and returns the destination's settings, or throws (nothing changes). Throws
    /// NoSuchBucket, NoSuchKey (no source object), and in an exclusive destination bucket (write-once keys)
    /// ObjectAlreadyExists when the key has an object and UploadInProgress when it has an open upload.
    /// <paramref name="sourceVersionId"/> names a version of the source (NoSuchVersion when it has none of that ID,
    /// InvalidRequest for a delete marker); in a versioned destination the replaced object stays as a version.
    /// </summary>
    Task<ObjectRecord> CopyObjectAsync(
        string sourceBucket,
        string sourceKey,
        string bucket,
        string key,
        string destinationSourceId,
        Func<ObjectRecord, ObjectRecord?, ObjectSettings> plan,
        DateTimeOffset now,
        string? sourceVersionId = null,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Registers a part that names a blob of the source key's current object (UploadPartCopy without copying
    /// a byte). The source key's guard row is held, so the source cannot be deleted or replaced between the
    /// check and the insert: the blob is the source object's, hence not garbage, and stays while the part
    /// names it. Throws NoSuchBucket for the source bucket.
    /// </summary>
    Task<CopiedPartOutcome> AddCopiedPartAsync(string bucket, string key, string uploadId, PartInfo part, string sourceBucket, string sourceKey, CancellationToken cancellationToken = default);

    /// <summary>Open uploads with key &gt;= <paramref name="prefix"/>, after (<paramref name="afterKey"/>, <paramref name="afterUploadId"/>), by key then upload ID.</summary>
    Task<IReadOnlyList<UploadSummary>> ListUploadsAsync(string bucket, string prefix, string? afterKey, string? afterUploadId, int limit, CancellationToken cancellationToken = default);

    /// <summary>Objects with key &gt;= <paramref name="prefix"/> and &gt; <paramref name="afterKey"/>, by key.</summary>
    Task<IReadOnlyList<ObjectSummary>> ListObjectsAsync(string bucket, string prefix, string? afterKey, int limit, CancellationToken cancellationToken = default);

    /// <summary>Blobs that became garbage before <paramref name="before"/>.</summary>
    Task<IReadOnlyList<string>> ReadGarbageAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken = default);

    Task ForgetGarbageAsync(IReadOnlyCollection<string> blobIds, CancellationToken cancellationToken = default);

    /// <summary>True when a part row or the garbage list names the blob.</summary>
    Task<bool> IsBlobKnownAsync(string blobId, CancellationToken cancellationToken = default);
}

/// <summary>What <see cref="IMetadataStore.AddCopiedPartAsync"/> did.</summary>
public enum CopiedPartOutcome
{
    Added,

    /// <summary>The upload is not open for that key.</summary>
    UploadNotOpen,

    /// <summary>The source key's object no longer names the blob (deleted or replaced since it was read).</summary>
    SourceChanged,
}

public enum DeleteBucketOutcome
{
    Deleted,
    NotFound,
    NotEmpty,
}

public sealed record UploadRecord(string UploadId, string Bucket, string Key, UploadState State, DateTimeOffset Initiated, ObjectSettings Settings, CompleteResult? Completion = null);

/// <summary>
/// A key's current object (or one of its versions); <see cref="SourceId"/> names the parts that hold its bytes.
/// <see cref="VersionId"/>: null for an object written while its bucket was never versioned, else its version ID ("null" for the null version).
/// </summary>
public sealed record ObjectRecord(string Bucket, string Key, string SourceId, long Size, string ETag, int PartsCount, DateTimeOffset LastModified, ObjectSettings Settings, ObjectChecksum? Checksum = null, string? VersionId = null);

/// <summary>What Complete commits: the listed parts in order and the object's ETag, size and checksum (when the upload declared an algorithm).</summary>
public sealed record CompletionPlan(IReadOnlyList<PartInfo> Listed, string ETag, long Size, ObjectChecksum? Checksum = null);

/// <summary>The administration queries (the admin API's bucket and upload reports, and changing a bucket's owner).</summary>
public partial interface IMetadataStore
{
    /// <summary>Every bucket with its object count and bytes, its open uploads and the bytes their parts hold, by name.</summary>
    Task<IReadOnlyList<BucketUsage>> ListBucketUsageAsync(CancellationToken cancellationToken = default);

    /// <summary>Gives the bucket to <paramref name="owner"/>; false when the bucket does not exist.</summary>
    Task<bool> SetBucketOwnerAsync(string name, string owner, CancellationToken cancellationToken = default);

    /// <summary>
    /// Open uploads initiated before <paramref name="cutoff"/> (of one bucket, or of all when <paramref name="bucket"/>
    /// is null), oldest first, with the bytes their parts hold.
    /// </summary>
    Task<IReadOnlyList<OpenUploadUsage>> ListOpenUploadUsageAsync(string? bucket, DateTimeOffset cutoff, int limit, CancellationToken cancellationToken = default);
}

/// <summary>Object tagging (issue 23).</summary>
public partial interface IMetadataStore
{
    /// <summary>
    /// Replaces the tags in the key's current object's settings (null: none), under the key's guard row as
    /// <see cref="SetObjectAclAsync"/> does, so that they apply to the object a concurrent write may be replacing or to
    /// its successor, never lost in between. False when the key has no object.
    /// </summary>
    Task<bool> SetObjectTagsAsync(string bucket, string key, TagSet? tags, CancellationToken cancellationToken = default);
}

/// <summary>Lifecycle (issue 23): the buckets that have rules, and the indexed candidate queries of the sweeps.</summary>
public partial interface IMetadataStore
{
    /// <summary>Enters the bucket in the lifecycle sweep's table (idempotent); buckets there are left out of the service-wide expiry.</summary>
    Task RegisterLifecycleBucketAsync(string bucket, CancellationToken cancellationToken = default);

    /// <summary>Takes the bucket out of the lifecycle sweep's table (nothing to remove is no error).</summary>
    Task UnregisterLifecycleBucketAsync(string bucket, CancellationToken cancellationToken = default);

    /// <summary>The buckets in the lifecycle sweep's table after <paramref name="afterBucket"/>, by name.</summary>
    Task<IReadOnlyList<string>> ListLifecycleBucketsAsync(string? afterBucket, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Open uploads initiated before <paramref name="cutoff"/> in buckets without lifecycle rules (the service-wide expiry),
    /// oldest first, after the (initiated, upload ID) cursor.
    /// </summary>
    Task<IReadOnlyList<UploadRecord>> ListDefaultExpiryUploadsAsync(DateTimeOffset cutoff, (DateTimeOffset Initiated, string UploadId)? after, int limit, CancellationToken cancellationToken = default);

    /// <summary>One bucket's open uploads initiated before <paramref name="cutoff"/>, oldest first, after the (initiated, upload ID) cursor.</summary>
    Task<IReadOnlyList<UploadRecord>> ListBucketUploadsInitiatedBeforeAsync(string bucket, DateTimeOffset cutoff, (DateTimeOffset Initiated, string UploadId)? after, int limit, CancellationToken cancellationToken = default);

    /// <summary>One bucket's objects last modified before <paramref name="cutoff"/>, oldest first, after the (modified, key) cursor.</summary>
    Task<IReadOnlyList<ObjectRecord>> ListBucketObjectsModifiedBeforeAsync(string bucket, DateTimeOffset cutoff, (DateTimeOffset Modified, string Key)? after, int limit, CancellationToken cancellationToken = default);
}
