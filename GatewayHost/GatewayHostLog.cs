namespace Orleans.Multipart.GatewayHost;

/// <summary>The standalone gateway's own log messages (EventIds 2000-2999; see the EventId ranges in README.md).</summary>
internal static partial class GatewayHostLog
{
    [LoggerMessage(2002, LogLevel.Information, "Orleans.Multipart gateway listening on {Urls}")]
    public static partial void Listening(ILogger logger, string urls);
}
