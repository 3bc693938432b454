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

        [LoggerMessage(4103, LogLevel.Warning, "Blob backend: Integrity is Sha256, which takes a part's MD5 from the backend's ETag, but the backend answered ETag {ETag}, not an MD5; the silo hashed the part itself (set Storage:Blobs:S3:Integrity to ContentMd5 for this backend)")]
        public static partial void ETagNotMd5(ILogger logger, string etag);
    }
}
