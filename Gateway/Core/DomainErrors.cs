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
        MultipartError.BadDigest => WireError.BadDigest,
        MultipartError.InvalidRequest => WireError.InvalidRequest,
        MultipartError.MetadataTooLarge => WireError.MetadataTooLarge,
    };

    /// <summary>
    /// Failures that say nothing about the request: a silo leaving or unreachable, a grain call that timed
    /// out (its outcome unknown), the database not answering. A retry can succeed, so the client is told
    /// 503 in its dialect (every SDK retries it), never 500.
    /// </summary>
    public static bool IsTransient(Exception ex) => ex is Orleans.Runtime.SiloUnavailableException
        or Orleans.Runtime.OrleansMessageRejectionException
        or TimeoutException
        or System.Data.Common.DbException;

    public static DialectException Unavailable() =>
        new(WireError.ServiceUnavailable, "The service is busy or a node is restarting; please retry.");
}
