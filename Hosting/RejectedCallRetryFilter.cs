using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Polly;

namespace Orleans.Multipart.Hosting;

/// <summary>
/// Sends a grain call again when Orleans rejected it, which happens while a silo leaves or after one
/// died: the target activation was deactivating and forwarding gave up, the target silo is known to be
/// dead, the gateway connection closed before the message left. A rejection means the message never
/// reached the grain's turn, so sending it again cannot run it twice, whatever the method does (even
/// Initiate). Timeouts are unknown outcomes and are never retried: they reach the HTTP client as 503.
/// How often and how long: <see cref="RetryPipelines.RejectedGrainCall"/>. The silo and the standalone
/// gateway both add it, so both topologies' grain calls behave alike.
/// </summary>
public sealed partial class RejectedCallRetryFilter : IOutgoingGrainCallFilter
{
    private readonly ILogger<RejectedCallRetryFilter> _logger;
    private readonly ResiliencePipeline<OrleansMessageRejectionException?> _retry;

    public RejectedCallRetryFilter(ILogger<RejectedCallRetryFilter> logger)
    {
        _logger = logger;
        _retry = RetryPipelines.RejectedGrainCall(args =>
        {
            var context = args.Context.Properties.GetValue(CallKey, null!);
            var reason = args.Outcome.Exception?.Message ?? args.Outcome.Result?.Message ?? "";
            Log.Retrying(_logger, context.InterfaceName, context.MethodName, context.TargetId, args.AttemptNumber + 1, reason);
            return ValueTask.CompletedTask;
        });
    }

    private static readonly ResiliencePropertyKey<IOutgoingGrainCallContext> CallKey = new("grain-call");

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        if (context.Request.GetInterfaceType().Namespace?.StartsWith("Orleans.Multipart", StringComparison.Ordinal) != true)
        {
            await context.Invoke();
            return;
        }

        var resilience = ResilienceContextPool.Shared.Get();
        resilience.Properties.Set(CallKey, context);
        try
        {
            // A rejection left in the response after the last attempt stays there for the caller.
            await _retry.ExecuteAsync(
                static async (_, call) =>
                {
                    await call.Invoke();
                    return call.Response?.Exception as OrleansMessageRejectionException;
                },
                resilience,
                context);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(resilience);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(HostingEventIds.RejectedCallRetried, LogLevel.Information, "Grain call {Interface}.{Method} to {Grain} rejected (attempt {Attempt}), sending it again: {Reason}")]
        public static partial void Retrying(ILogger logger, string @interface, string method, GrainId grain, int attempt, string reason);
    }
}
