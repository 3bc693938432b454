namespace Orleans.Multipart.Gateway.Core;

/// <summary>
/// Every error a vendor dialect can answer: the service's own (<see cref="MultipartError"/>, same
/// names) plus the gateway's (authentication, body and request-shape errors). Each dialect maps
/// each one to its vendor's status and code.
/// </summary>
public enum WireError
{
    // Service errors (names match MultipartError).
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
    MissingContentLength,
    BadDigest,
    InvalidDigest,
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
    TooManyMultipartUploads,
    MethodNotAllowed,
    NotImplemented,
    InternalError,
}

/// <summary>A request failed with <see cref="Error"/>; the dialect renders it in its vendor's format.</summary>
public sealed class DialectException(WireError error, string message) : Exception(message)
{
    public WireError Error { get; } = error;

    public static DialectException From(MultipartException ex) =>
        new(Enum.Parse<WireError>(ex.Error.ToString()), ex.Message);
}
