using Microsoft.Extensions.Logging;

using Orleans.Multipart.Gateway.Core;

namespace Orleans.Multipart.Gateway.S3;

public sealed partial class S3Dialect
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "s3: unhandled error in {Method} {Resource}, request {RequestId}; answered InternalError.")]
        public static partial void Unhandled(ILogger logger, Exception exception, string method, string resource, string requestId);

        [LoggerMessage(2, LogLevel.Debug, "{Method} {Resource} failed: {Status} {Code}.")]
        public static partial void RequestFailed(ILogger logger, string method, string resource, int status, string code);
    }
}
