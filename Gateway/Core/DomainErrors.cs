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
    /// Failures that say nothing about the request: the cluster not reachable (no gateway, a connection
    /// refused or lost, a silo leaving, a call rejected after the retries, a gateway too busy), a grain
    /// call that timed out (its outcome unknown), the database not answering. A retry can succeed, so the
    /// client is told 503 in its dialect (every SDK retries it), never 500. Orleans and the state bridge
    /// wrap some of these, so the inner exceptions are looked at too.
    /// </summary>
    public static bool IsTransient(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (IsTransientItself(e) || (e is AggregateException aggregate && aggregate.InnerExceptions.Any(IsTransient)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsTransientItself(Exception ex) => ex is Orleans.Runtime.OrleansMessageRejectionException // SiloUnavailableException too
        or Orleans.Runtime.Messaging.ConnectionFailedException
        or Orleans.Runtime.GatewayTooBusyException
        or StorageUnavailableException
        or TimeoutException
        or System.Data.Common.DbException;

    public static DialectException Unavailable() =>
        new(WireError.ServiceUnavailable, "The service is busy or a node is restarting; please retry.");
}
