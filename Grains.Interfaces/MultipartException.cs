namespace Orleans.Multipart;

/// <summary>The service's own error vocabulary; each dialect maps it to its vendor's code and status.</summary>
public enum MultipartError
{
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
}

/// <summary>A rule was broken; nothing was changed.</summary>
public sealed class MultipartException(MultipartError error, string message) : Exception(message)
{
    public MultipartError Error { get; } = error;
}
