using Microsoft.Extensions.Logging;

namespace Orleans.Multipart.Storage.Blobs;

public sealed partial class S3BlobStore
{
    /// <summary>Messages name the operation and the failure, never a key or a credential.</summary>
    private static partial class Log
    {
        [LoggerMessage(4101, LogLevel.Warning, "Blob backend: retrying (attempt {Attempt}) after {ErrorType}: {Error}")]
        public static partial void Retrying(ILogger logger, int attempt, string errorType, string error);

        [LoggerMessage(4102, LogLevel.Warning, "Blob backend unavailable for {Operation}: {ErrorType}: {Error}")]
        public static partial void Unavailable(ILogger logger, string operation, string errorType, string error);

        [LoggerMessage(4103, LogLevel.Warning, "Blob backend: Md5FromBackend is set, but the backend answered ETag {ETag}, not an MD5; the silo hashed the part itself (unset the option for this backend)")]
        public static partial void ETagNotMd5(ILogger logger, string etag);
    }
}
