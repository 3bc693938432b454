namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>What an operation produced, for the dialect's renderer: one record per response shape.</summary>
public abstract record OperationResult;

/// <summary>Done, nothing to report but success (CreateBucket, DeleteBucket, AbortUpload, DeleteObject, PutBucketAcl).</summary>
public sealed record Done(Operation Operation) : OperationResult;

public sealed record BucketsListed(ListBuckets Operation, IReadOnlyList<BucketInfo> Buckets, string? NextAfter) : OperationResult;

/// <summary>The bucket exists, with these settings (HeadBucket, GetBucketLocation, GetBucketVersioning, GetBucketAcl).</summary>
public sealed record BucketDescribed(BucketRead Operation, BucketInfo Bucket) : OperationResult;

public sealed record ObjectsListed(ListObjects Operation, ObjectListing Listing) : OperationResult;

public sealed record VersionsListed(ListObjectVersions Operation, ObjectListing Listing) : OperationResult;

/// <summary>DeleteObjects: the keys deleted and the ones that failed, in request order.</summary>
public sealed record ObjectsDeleted(DeleteObjects Operation, IReadOnlyList<string> Deleted, IReadOnlyList<(string Key, DialectException Error)> Failed) : OperationResult;

public sealed record UploadsListed(ListUploads Operation, UploadListing Listing) : OperationResult;

public sealed record UploadInitiated(InitiateUpload Operation, UploadInfo Upload) : OperationResult;

/// <summary>The part is stored and registered; <paramref name="Checksum"/> is the body checksum the client asked for (S3); <paramref name="UploadSettings"/> the upload's (how the part is encrypted).</summary>
public sealed record PartStored(UploadPart Operation, StoredBlob Blob, BodyChecksum? Checksum, ObjectSettings? UploadSettings = null) : OperationResult;

public sealed record UploadCompleted(CompleteUpload Operation, CompleteResult Result) : OperationResult;

public sealed record PartsListed(ListParts Operation, UploadInfo Upload, PartPage Page) : OperationResult;

public sealed record ObjectStored(PutObject Operation, ObjectManifest Manifest, BodyChecksum? Checksum) : OperationResult;

/// <summary>
/// An object to send: <see cref="Content"/> holds the bytes [start, start+length). <paramref name="Partial"/>:
/// a range or part (206); <paramref name="PartsCount"/>: set when a part was asked for.
/// </summary>
public sealed record ObjectRead(GetObject Operation, ObjectManifest Manifest, ObjectContent Content, bool Partial, int? PartsCount) : OperationResult;

/// <summary>The read's preconditions say the client's copy is current (304).</summary>
public sealed record NotModified(GetObject Operation, ObjectManifest Manifest) : OperationResult;
