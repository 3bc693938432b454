using Microsoft.Extensions.Logging;

namespace Orleans.Multipart.Grains;

public sealed partial class UploadExpiryGrain
{
    private static partial class Log
    {
        [LoggerMessage(3001, LogLevel.Information, "Aborted {Count} uploads initiated before {Cutoff}.")]
        public static partial void Aborted(ILogger logger, int count, DateTimeOffset cutoff);
    }
}
