namespace Orleans.Multipart;

/// <summary>
/// The one list of the service's errors: the ones grains throw (in a <see cref="MultipartException"/>)
/// and the ones the gateway raises itself (authentication, request bodies and documents). The gateway's
/// error catalogue gives each its status, message and every dialect's vendor code.
/// </summary>
/// <remarks>
/// Orleans serializes an enum by its numeric value, and a rolling upgrade runs silos and gateways of two
/// versions side by side: the values of the codes grains throw (NoSuchBucket = 0 to MetadataTooLarge = 18,
/// in this order; ErrorCatalogueTests pins them) must never change. A new code goes at the end.
/// </remarks>
[GenerateSerializer]
[Alias("omp.MultipartError")]
public enum MultipartError
{
    // Thrown by grains and the metadata store: their order is their wire value (see remarks).
    NoSuchBucket,
    BucketAlreadyExists,
    BucketNotEmpty,
    NoSuchKey,
    NoSuchUpload,
    InvalidPart,
    InvalidPartOrder,
    EntityTooSmall,
    EntityTooLarge,
    PreconditionFailed,
    ObjectAlreadyExists,
    UploadInProgress,
    ConditionalRequestConflict,
    InvalidArgument,
    MalformedRequest,
    TooManyParts,

    /// <summary>A checksum the client gave does not match the one computed (S3's full-object checksum on Complete).</summary>
    BadDigest,

    /// <summary>The request contradicts the upload it names (S3: a Complete without the part checksums a composite upload needs).</summary>
    InvalidRequest,

    /// <summary>User metadata above <see cref="ObjectLimits.MaxMetadataBytes"/>.</summary>
    MetadataTooLarge,

    // Raised by the gateway (authentication, bodies, documents, request shape); they never cross a silo.
    AccessDenied,
    SignatureDoesNotMatch,
    InvalidAccessKey,
    RequestTimeTooSkewed,
    MalformedAuthorization,
    MalformedQueryAuthorization,
    MissingContentLength,
    InvalidDigest,
    ContentSha256Mismatch,
    InvalidChunkSize,
    MalformedTrailer,
    IncompleteBody,
    RequestTimeout,
    MalformedDocument,
    DocumentTooLarge,
    NoPartsListed,
    KeyTooLong,
    InvalidKey,
    InvalidPartNumber,
    InvalidBucketName,
    InvalidStorageClass,
    InvalidRange,
    TooManyMultipartUploads,

    // Cross-origin resource sharing (served where the vendor documents it: s3, qingstor).
    NoSuchCorsConfiguration,
    CorsForbidden,

    // Server-side encryption (s3).
    NoSuchEncryptionConfiguration,
    InvalidEncryptionAlgorithm,

    MethodNotAllowed,

    /// <summary>What the dialect does not serve (an operation, sub-resource or header it names): 501 in every dialect.</summary>
    NotImplemented,
    ServiceUnavailable,
    InternalError,

    // Accounts and access control (issue 22). AccessDenied (above) is also thrown by grains now: the
    // grains refuse internal callers the same way the gateway refuses HTTP callers.

    /// <summary>CreateBucket of a name another account owns (S3's BucketAlreadyExists; BucketAlreadyExists above is the caller's own).</summary>
    BucketOwnedByAnother,

    /// <summary>An exclusive bucket's key holds an object or open upload another account wrote (cdcs: ObjectAlreadyExists; ObjectAlreadyExists above is the caller's own).</summary>
    ObjectOwnedByAnother,

    /// <summary>A bucket policy document that does not parse or names what the served subset does not know.</summary>
    MalformedPolicy,

    /// <summary>An access control list (document or grant headers) that does not parse or names an unknown grantee.</summary>
    MalformedAcl,

    /// <summary>GetBucketPolicy of a bucket without one.</summary>
    NoSuchBucketPolicy,

    // Tagging (issue 23).

    /// <summary>A tag set S3 refuses: too many tags, a key or value too long, a key twice or in the reserved aws: prefix.</summary>
    InvalidTag,

    /// <summary>GetBucketTagging of a bucket without tags.</summary>
    NoSuchTagSet,
    // ceph/s3-tests ACL and policy conformance (s3acl).

    /// <summary>An ACL grant to an e-mail address that names no account (accounts here have no e-mail address, so every such grant).</summary>
    UnresolvableGrantByEmailAddress,
    // Versioning (issue 23).

    /// <summary>A version ID that names no version of the key (S3's 404 NoSuchVersion).</summary>
    NoSuchVersion,

    /// <summary>A request the bucket's state refuses (S3's 409 InvalidBucketState): versioning on an exclusive (write-once) bucket.</summary>
    InvalidBucketState,
    // Lifecycle (issue 23).

    /// <summary>GetBucketLifecycleConfiguration of a bucket without rules.</summary>
    NoSuchLifecycleConfiguration,
}
