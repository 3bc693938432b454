using Microsoft.Extensions.Logging;

namespace Orleans.Multipart.Runtime.Activation;

public sealed partial class ActivationCollector
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Collected {Count} idle activations; {Remaining} remain.")]
        public static partial void Collected(ILogger logger, int count, int remaining);
    }
}
