using Microsoft.Extensions.Logging;

namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>
/// The one request pipeline every dialect runs: route (bucket and key from the host and path) ->
/// authenticate -> parse into an <see cref="Operation"/> -> check limits -> execute -> render; and the
/// one error path: a failure becomes a catalogue error the dialect renders, an unexpected exception is
/// logged once with the request id and answered as the dialect's InternalError, and a response already
/// under way is aborted (its client must not read a truncated body as complete).
/// </summary>
public sealed partial class GatewayPipeline(OperationExecutor executor, CorsPreflight cors, ILogger<GatewayPipeline> logger)
{
    public async Task HandleAsync(HttpContext context, IDialect dialect)
    {
        var record = RequestRecord.Of(context);
        dialect.StartResponse(context, record.RequestId);
        RequestTarget? target = null;
        try
        {
            target = RequestTarget.Parse(context, VirtualHostBucket(context.Request.Host.Host, dialect.VirtualHostSuffixes));
            RawHeaderEncoding.EnsureTextHeaders(context.Request.Headers);
            record.Bucket = target.Bucket;
            if (await cors.AnswerAsync(context, dialect, target))
            {
                return;
            }

            var caller = dialect.Authenticate(context, target) ?? await executor.AnonymousAsync(context.Request.Method, target);
            var operation = await dialect.ParseAsync(context, target, caller);
            record.Operation = operation.Name;
            OperationLimits.Check(operation, dialect.Limits);
            var result = await executor.ExecuteAsync(context, operation);
            await dialect.RenderAsync(context, caller, result);
        }
        catch (Exception ex) when (ErrorTranslation.Translate(ex) is { } error)
        {
            await FailAsync(context, dialect, error, target);
        }
        catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested)
        {
            Log.Unhandled(logger, ex, dialect.Name, context.Request.Method, target?.DecodedPath ?? "", record.RequestId);
            await FailAsync(context, dialect, ErrorTranslation.Internal(), target);
        }
    }

    private static async Task FailAsync(HttpContext context, IDialect dialect, DialectException error, RequestTarget? target)
    {
        var record = RequestRecord.Of(context);
        var rendering = dialect.Describe(error.Error);
        record.ErrorCode = rendering.Code;
        record.Error = error.Error;
        if (context.Response.HasStarted)
        {
            context.Abort();
            return;
        }

        context.Response.Headers.Remove("ETag");
        if (HttpMethods.IsHead(context.Request.Method))
        {
            context.Response.StatusCode = rendering.Status;
            return;
        }

        var resource = target?.DecodedPath ?? context.Request.Path.Value ?? "/";
        await dialect.WriteErrorAsync(context, ErrorDocument.Of(error, rendering, resource, record.RequestId));
    }

    private static string? VirtualHostBucket(string host, IReadOnlyList<string> suffixes)
    {
        foreach (var suffix in suffixes)
        {
            if (host.Length > suffix.Length + 1 && host.EndsWith("." + suffix, StringComparison.OrdinalIgnoreCase))
            {
                return host[..^(suffix.Length + 1)];
            }
        }

        return null;
    }

    private static partial class Log
    {
        [LoggerMessage(1002, LogLevel.Error, "{Dialect}: unhandled error in {Method} {Resource}, request {RequestId}; answered InternalError.")]
        public static partial void Unhandled(ILogger logger, Exception exception, string dialect, string method, string resource, string requestId);
    }
}
