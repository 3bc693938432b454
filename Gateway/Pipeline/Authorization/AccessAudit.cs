using Microsoft.Extensions.Logging;

namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>
/// The record of every refusal by access control: one structured log line (who, which key, what action on
/// which resource, why, which request) and one count in <c>omp_access_denied_total{dialect,action}</c>.
/// It names the access key id, never a secret or a signature.
/// </summary>
internal sealed partial class AccessAudit(GatewayMetrics metrics, ILogger<AccessAudit> logger)
{
    public void Refused(string dialect, Principal caller, string action, string bucket, string? key, AccessDecision decision, string requestId)
    {
        metrics.AccessDenied(dialect, action);
        var resource = key is null ? bucket : bucket + "/" + key;
        Log.Refused(logger, dialect, caller.AccountId, caller.AccessKeyId ?? "-", action, resource, decision, requestId);
    }

    private static partial class Log
    {
        [LoggerMessage(1201, LogLevel.Information, "{Dialect}: access denied to account {Account} (access key {AccessKeyId}) for {Action} on {Resource}: {Decision}, request {RequestId}.")]
        public static partial void Refused(ILogger logger, string dialect, string account, string accessKeyId, string action, string resource, AccessDecision decision, string requestId);
    }
}
