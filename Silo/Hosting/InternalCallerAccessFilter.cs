using Orleans.Multipart.Client.Credentials;
using Orleans.Runtime;

namespace Orleans.Multipart.Silo.Hosting;

/// <summary>
/// No internal caller bypasses access control. A call to the service's grains from a client (an internal
/// service's <c>AddMultipartClient</c>, a standalone gateway, a silo's co-hosted gateway: anything but a
/// grain) must carry a valid call credential (<see cref="CallCredential"/>); the principal it acts for is
/// the key's own, or, for an administrator's credential only, the one the call names. Then the call is
/// decided as an HTTP request would be (<see cref="AccessEvaluator"/> on the method's
/// <see cref="GrainActionAttribute"/>). Refusals are <see cref="MultipartException"/> AccessDenied.
/// Grain-to-grain calls pass: the call that entered the cluster was checked, and its principal flows with
/// the request context. Orleans' own calls (membership, reminders, the dashboard's) are not checked.
/// </summary>
internal sealed partial class InternalCallerAccessFilter(
    CallCredentialVerifier verifier,
    SiloBucketAccessCache buckets,
    ILogger<InternalCallerAccessFilter> logger) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if ((context.SourceId is { } source && !source.IsClient()) || GrainActionCatalogue.For(context.InterfaceMethod) is not { } rule)
        {
            await context.Invoke();
            return;
        }

        var named = CallerContext.Current;
        var verification = await verifier.VerifyAsync(RequestContext.Get(CallCredential.Key) as string, named);
        if (verification.Refusal is { } reason)
        {
            throw Refuse(context, named, rule, reason);
        }

        var principal = verification.Principal!;
        if (!ReferenceEquals(principal, named))
        {
            CallerContext.Set(principal);
        }

        // Why no second decision for an administrator's credential: an administrator may do anything, and
        // when it names another principal it is an HTTP gateway acting for its caller, which has already
        // authorized the HTTP request with the same evaluator (the request's action, its conditions and
        // source address, which a grain method cannot see). Deciding again here would cost every request
        // a second evaluation and could only disagree.
        if (verification.Credential!.IsAdmin)
        {
            await context.Invoke();
            return;
        }

        var decision = await DecideAsync(context, rule, principal);
        if (decision != AccessDecision.Allow)
        {
            throw Refuse(context, principal, rule, decision == AccessDecision.ExplicitDeny ? "a bucket policy denies it" : "no owner, grant or policy allows it");
        }

        await context.Invoke();
    }

    private async ValueTask<AccessDecision> DecideAsync(IIncomingGrainCallContext context, GrainActionRule rule, Principal principal)
    {
        if (rule.Action is not { } action)
        {
            return AccessDecision.NotAllowed;
        }

        if (rule.Resource == GrainActionResource.Service)
        {
            return AccessEvaluator.EvaluateService(principal, action);
        }

        var (bucket, key) = Resource(context, rule.Resource);
        var self = context.Grain as IBucketGrain;
        var access = await buckets.GetAsync(bucket, self);
        // No such bucket: the grain answers NoSuchBucket, as S3 answers any signed caller.
        return access is null ? AccessDecision.Allow : AccessEvaluator.Evaluate(new AccessRequest(principal, action, bucket, key), access);
    }

    private static (string Bucket, string? Key) Resource(IIncomingGrainCallContext context, GrainActionResource resource)
    {
        if (resource == GrainActionResource.Arguments)
        {
            return ((string)context.Request.GetArgument(0)!, (string?)context.Request.GetArgument(1));
        }

        var grainKey = context.TargetId.Key.ToString()!;
        return grainKey.Contains('/', StringComparison.Ordinal) ? ObjectKey.Parse(grainKey) : (grainKey, null);
    }

    private MultipartException Refuse(IIncomingGrainCallContext context, Principal? principal, GrainActionRule rule, string reason)
    {
        Log.Refused(logger, principal?.AccountId ?? "(none)", principal?.AccessKeyId ?? "(none)", rule.Action ?? "(administrators only)",
            context.InterfaceName, context.MethodName, context.TargetId, reason);
        return new MultipartException(MultipartError.AccessDenied, "Access Denied");
    }

    private static partial class Log
    {
        // The audit line of a refused internal call: who, which key, which action on what; never a secret.
        [LoggerMessage(4070, LogLevel.Warning, "Grain call refused: account {Account} key {AccessKeyId} action {Action} ({Interface}.{Method} on {Grain}): {Reason}")]
        public static partial void Refused(ILogger logger, string account, string accessKeyId, string action, string @interface, string method, GrainId grain, string reason);
    }
}
