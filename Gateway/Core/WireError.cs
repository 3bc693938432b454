namespace Orleans.Multipart.Gateway.Core;

/// <summary>
/// The error catalogue: every error any dialect can answer, the service's own
/// (<see cref="MultipartError"/>, mapped by <see cref="DomainErrors.ToWireError"/>) and the gateway's
/// (authentication, body and request-shape errors). Each dialect renders every code through one
/// exhaustive table (the compiler refuses a table that forgets a code).
/// </summary>
public enum WireError
{
    // Service errors (the domain's MultipartError codes).
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

    // Gateway errors.
    AccessDenied,
    SignatureDoesNotMatch,
    InvalidAccessKey,
    RequestTimeTooSkewed,
    MalformedAuthorization,
    MalformedQueryAuthorization,
    MissingContentLength,
    BadDigest,
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
    MetadataTooLarge,
    InvalidRange,
    InvalidRequest,
    TooManyMultipartUploads,

    // Cross-origin resource sharing (served where the vendor documents it: s3, qingstor).
    NoSuchCorsConfiguration,
    CorsForbidden,

    // Server-side encryption (s3).
    NoSuchEncryptionConfiguration,
    InvalidEncryptionAlgorithm,
    MethodNotAllowed,
    NotImplemented,
    ServiceUnavailable,
    InternalError,
}
