using Microsoft.Extensions.Logging;

namespace Orleans.Multipart.Gateway.Admin;

/// <summary>
/// The admin audit trail (log category <see cref="Category"/>): one line per admin change and one per refused admin
/// request. Lines name the administrator's account and access key id, never a secret: a created or rotated key's
/// secret is only ever in that one response body.
/// </summary>
internal static partial class AdminAudit
{
    public const string Category = "Orleans.Multipart.Gateway.Admin.Audit";

    [LoggerMessage(1601, LogLevel.Information,
        "admin change account={Account} accessKeyId={AccessKeyId} action={Action} resource={Resource} outcome={Outcome} status={Status}")]
    public static partial void Change(ILogger logger, string account, string accessKeyId, string action, string resource, string outcome, int status);

    [LoggerMessage(1602, LogLevel.Warning,
        "admin request refused account={Account} accessKeyId={AccessKeyId} method={Method} path={Path} error={ErrorCode} status={Status}")]
    public static partial void Refused(ILogger logger, string account, string accessKeyId, string method, string path, string errorCode, int status);

    [LoggerMessage(1603, LogLevel.Error, "admin request failed unexpectedly: {Method} {Path}")]
    public static partial void Unexpected(ILogger logger, Exception exception, string method, string path);
}
