using Microsoft.Extensions.Logging;

namespace Orleans.Multipart.Gateway;

internal sealed partial class DialectRouter
{
    private static partial class Log
    {
        [LoggerMessage(1001, LogLevel.Information,
            "{Dialect} {Operation} bucket={Bucket} status={Status} error={ErrorCode} in={BytesIn} out={BytesOut} {DurationMs:0.0}ms request={RequestId}")]
        public static partial void Request(ILogger logger, string dialect, string operation, string bucket, int status, string errorCode,
            long bytesIn, long bytesOut, double durationMs, string requestId);
    }
}
