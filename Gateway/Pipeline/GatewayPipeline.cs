using Microsoft.Extensions.Logging;

namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>
/// The one request pipeline every dialect runs: route (bucket and key from the host and path) ->
/// authenticate (an unsigned request, where the dialect lets it through, is the anonymous caller) -> parse into an
/// <see cref="Operation"/> -> find its <see cref="OperationCatalogue"/> row (its action) -> authorize the caller for it
/// (<see cref="RequestAuthorizer"/>, before any body byte is read) -> check limits -> run its handler -> render; and the
/// one error path: a failure becomes a catalogue error the dialect renders, an unexpected exception is
/// logged once with the request id and answered as the dialect's InternalError, and a response already
/// under way is aborted (its client must not read a truncated body as complete).
/// </summary>
internal sealed partial class GatewayPipeline(OperationExecutor executor, CorsPreflight cors, ICredentialStore credentials, RequestAuthorizer authorizer, AccessAudit audit, ILogger<GatewayPipeline> logger)
{
    public async Task HandleAsync(HttpContext context, IDialect dialect)
    {
        var record = RequestRecord.Of(context);
        dialect.StartResponse(context, record.RequestId);
        RequestTarget? target = null;
        Operation? operation = null;
        Caller? caller = null;
        var authorized = false;
        try
        {
            target = RequestTarget.Parse(context, VirtualHostBucket(context.Request.Host.Host, dialect.VirtualHostSuffixes));
            RawHeaderEncoding.EnsureTextHeaders(context.Request.Headers);
            record.Bucket = target.Bucket;
            if (await cors.AnswerAsync(context, dialect, target))
            {
                return;
            }

            // An unsigned request the dialect lets through is decided like any other: it may do what is granted to everyone.
            caller = await AuthenticateAsync(context, dialect, target) ?? Caller.Anonymous;
            CallerContext.Set(caller.Principal); // every grain call of this request acts for the caller
            operation = await dialect.ParseAsync(context, target, caller);
            record.Operation = operation.Name;
            if (VerifiedFormSigner.Of(context) is { } signer)
            {
                // A POST Object form: its signer, verified with the form's fields, is the caller.
                caller = signer;
                CallerContext.Set(caller.Principal);
            }

            // The operation's one catalogue row: the action it needs, its limits, its handler.
            var descriptor = OperationCatalogue.Of(operation);
            var action = descriptor.ActionFor(operation);
            record.Action = action;
            operation = await authorizer.AuthorizeAsync(context, dialect.Name, caller, operation, action);
            RefusalAfterAuthorization.ThrowIfAny(context); // a bad header AWS judges after the caller (SSE)
            authorized = true;
            OperationLimits.Check(operation, descriptor, dialect.Limits);
            var result = await descriptor.ExecuteAsync(executor, context, operation);
            authorizer.Changed(operation, action);
            await dialect.RenderAsync(context, caller, result);
        }
        catch (Exception ex) when (ErrorTranslation.Translate(ex) is { } error)
        {
            if (authorized && caller is not null && operation is not null)
            {
                error = await AfterAuthorizationAsync(context, dialect, caller, operation, error);
            }

            await FailAsync(context, dialect, error, target, operation);
        }
        catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested)
        {
            Log.Unhandled(logger, ex, dialect.Name, context.Request.Method, target?.DecodedPath ?? "", record.RequestId);
            await FailAsync(context, dialect, ErrorTranslation.Internal(), target, operation);
        }
    }

    /// <summary>Runs the dialect's (synchronous) authenticator; a key the credential store has not loaded is loaded, and the request authenticated again.</summary>
    private async ValueTask<Caller?> AuthenticateAsync(HttpContext context, IDialect dialect, RequestTarget target)
    {
        try
        {
            return dialect.Authenticate(context, target);
        }
        catch (CredentialNotCachedException miss)
        {
            await credentials.LoadAsync(miss.AccessKey, context.RequestAborted);
            return dialect.Authenticate(context, target);
        }
    }

    /// <summary>
    /// A failure of an authorized operation: a refusal by the grains (another account's upload) is audited as the
    /// pipeline's own are; a missing key is AccessDenied to a caller that may not list the bucket (S3 reveals no more).
    /// </summary>
    private async ValueTask<DialectException> AfterAuthorizationAsync(HttpContext context, IDialect dialect, Caller caller, Operation operation, DialectException error)
    {
        if (error.Error == MultipartError.AccessDenied)
        {
            audit.Refused(dialect.Name, caller.Principal, RequestRecord.Of(context).Action ?? "-", (operation as BucketOperation)?.Bucket ?? "*", (operation as ObjectOperation)?.Key, AccessDecision.NotAllowed, RequestRecord.Of(context).RequestId);
            return error;
        }

        if (error.Error == MultipartError.NoSuchKey)
        {
            try
            {
                if (await authorizer.ConcealsMissingKeyAsync(context, caller, operation))
                {
                    audit.Refused(dialect.Name, caller.Principal, "s3:ListBucket", ((ObjectOperation)operation).Bucket, ((ObjectOperation)operation).Key, AccessDecision.NotAllowed, RequestRecord.Of(context).RequestId);
                    return new DialectException(MultipartError.AccessDenied, "Access Denied");
                }
            }
            catch (Exception ex) when (ErrorTranslation.Translate(ex) is { } lookup)
            {
                return lookup;
            }
        }

        return error;
    }

    /// <summary>What a 503 tells the client to wait: about the time a restarted silo or database takes to answer again.</summary>
    private const string RetryAfterSeconds = "1";

    private static async Task FailAsync(HttpContext context, IDialect dialect, DialectException error, RequestTarget? target, Operation? operation)
    {
        var record = RequestRecord.Of(context);
        var rendering = ErrorCatalogue.Describe(dialect.Name, error.Error);
        record.ErrorCode = rendering.Code;
        record.Error = error.Error;
        if (context.Response.HasStarted)
        {
            context.Abort();
            return;
        }

        context.Response.Headers.Remove("ETag");
        if (rendering.Status == StatusCodes.Status503ServiceUnavailable)
        {
            // Every 503 is a fault that clears by itself (a silo or the database back): say when to come back.
            context.Response.Headers.RetryAfter = RetryAfterSeconds;
        }

        dialect.AddErrorHeaders(context.Response, error.Error, operation);

        // What the error itself says (a delete marker's headers), over the dialect's defaults.
        foreach (var (name, value) in error.ResponseHeaders)
        {
            context.Response.Headers[name] = value;
        }

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
