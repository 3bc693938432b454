using Microsoft.Extensions.Logging;

namespace Orleans.Multipart.Silo.Storage.Blobs;

public sealed partial class BlobCollector
{
    private static partial class Log
    {
        [LoggerMessage(4001, LogLevel.Information, "Garbage collection: {Deleted} blobs deleted so far.")]
        public static partial void GarbageProgress(ILogger logger, int deleted);

        [LoggerMessage(4002, LogLevel.Information, "Orphan sweep: {Seen} files examined, {Deleted} orphans deleted so far.")]
        public static partial void SweepProgress(ILogger logger, int seen, int deleted);

        [LoggerMessage(4003, LogLevel.Information, "Orphan sweep done: {Seen} files examined, {Deleted} orphans deleted.")]
        public static partial void SweepDone(ILogger logger, int seen, int deleted);

        [LoggerMessage(4004, LogLevel.Warning, "Blob collection failed; retrying at the next interval.")]
        public static partial void Failed(ILogger logger, Exception exception);
    }
}
