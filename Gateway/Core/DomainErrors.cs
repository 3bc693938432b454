namespace Orleans.Multipart.Gateway.Core;

/// <summary>The domain's error codes as catalogue codes; a new domain code without a case here does not compile.</summary>
public static class DomainErrors
{
    public static WireError ToWireError(this MultipartError error) => error switch
    {
        MultipartError.NoSuchBucket => WireError.NoSuchBucket,
        MultipartError.BucketAlreadyExists => WireError.BucketAlreadyExists,
        MultipartError.BucketNotEmpty => WireError.BucketNotEmpty,
        MultipartError.NoSuchKey => WireError.NoSuchKey,
        MultipartError.NoSuchUpload => WireError.NoSuchUpload,
        MultipartError.InvalidPart => WireError.InvalidPart,
        MultipartError.InvalidPartOrder => WireError.InvalidPartOrder,
        MultipartError.EntityTooSmall => WireError.EntityTooSmall,
        MultipartError.EntityTooLarge => WireError.EntityTooLarge,
        MultipartError.PreconditionFailed => WireError.PreconditionFailed,
        MultipartError.ObjectAlreadyExists => WireError.ObjectAlreadyExists,
        MultipartError.UploadInProgress => WireError.UploadInProgress,
        MultipartError.ConditionalRequestConflict => WireError.ConditionalRequestConflict,
        MultipartError.InvalidArgument => WireError.InvalidArgument,
        MultipartError.MalformedRequest => WireError.MalformedRequest,
        MultipartError.TooManyParts => WireError.TooManyParts,
    };
}
