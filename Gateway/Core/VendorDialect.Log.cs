using Microsoft.Extensions.Logging;

namespace Orleans.Multipart.Gateway.Core;

public abstract partial class VendorDialect
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "{Dialect}: unhandled error in {Method} {Resource}, request {RequestId}; answered InternalError.")]
        public static partial void Unhandled(ILogger logger, Exception exception, string dialect, string method, string resource, string requestId);
    }
}
