using Orleans.Runtime;

namespace Orleans.Multipart.Silo.Hosting;

/// <summary>
/// Sends a grain call again when Orleans rejected it, which happens while a silo leaves or after one
/// died: the target activation was deactivating and forwarding gave up, the target silo is known to be
/// dead, the gateway connection closed before the message left. A rejection means the message never
/// reached the grain's turn, so sending it again cannot run it twice, whatever the method does (even
/// Initiate). Timeouts and <see cref="SiloUnavailableException"/> are unknown outcomes and are never
/// retried: they reach the HTTP client as 503. Linked into the standalone gateway (GatewayHost.csproj),
/// so both topologies' grain calls behave alike.
/// </summary>
internal sealed partial class RejectedCallRetryFilter(ILogger<RejectedCallRetryFilter> logger) : IOutgoingGrainCallFilter
{
    /// <summary>
    /// Further attempts after a rejection; by then the directory has moved on to the new activation. Four
    /// (2 s of backoff in all): with two, a drain under the whole test suite's load still let 2 of ~580
    /// calls through as 503s, the directory taking longer than 0.6 s to catch up on a busy machine.
    /// </summary>
    internal const int Retries = 4;

    /// <summary>Wait before retry n: n × this, long enough for a membership table refresh to be seen by a busy silo.</summary>
    internal static readonly TimeSpan Backoff = TimeSpan.FromMilliseconds(200);

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        if (context.Request.GetInterfaceType().Namespace?.StartsWith("Orleans.Multipart", StringComparison.Ordinal) != true)
        {
            await context.Invoke();
            return;
        }

        for (var attempt = 1; ; attempt++)
        {
            OrleansMessageRejectionException rejection;
            try
            {
                await context.Invoke();
                if (attempt > Retries || context.Response?.Exception is not OrleansMessageRejectionException rejected)
                {
                    return;
                }

                rejection = rejected;
            }
            catch (OrleansMessageRejectionException thrown) when (attempt <= Retries)
            {
                rejection = thrown;
            }

            Log.Retrying(logger, context.InterfaceName, context.MethodName, context.TargetId, attempt, rejection.Message);
            await Task.Delay(Backoff * attempt);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(4030, LogLevel.Information, "Grain call {Interface}.{Method} to {Grain} rejected (attempt {Attempt}), sending it again: {Reason}")]
        public static partial void Retrying(ILogger logger, string @interface, string method, GrainId grain, int attempt, string reason);
    }
}
