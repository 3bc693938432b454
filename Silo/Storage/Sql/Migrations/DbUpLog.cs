using System.Globalization;
using DbUp.Engine.Output;

namespace Orleans.Multipart.Silo.Storage.Sql.Migrations;

/// <summary>
/// DbUp's own progress lines, through the silo's logging at Debug (warnings and errors at their level).
/// DbUp names scripts and statements, never the connection string, and we never hand it anything else.
/// </summary>
internal sealed class DbUpLog(ILogger logger) : IUpgradeLog
{
    public void LogTrace(string format, params object[] args) => SchemaMigrator.Log.DbUpProgress(logger, Format(format, args));

    public void LogDebug(string format, params object[] args) => SchemaMigrator.Log.DbUpProgress(logger, Format(format, args));

    public void LogInformation(string format, params object[] args) => SchemaMigrator.Log.DbUpProgress(logger, Format(format, args));

    public void LogWarning(string format, params object[] args) => SchemaMigrator.Log.DbUpWarning(logger, Format(format, args));

    public void LogError(string format, params object[] args) => SchemaMigrator.Log.DbUpError(logger, Format(format, args), null);

    public void LogError(Exception ex, string format, params object[] args) => SchemaMigrator.Log.DbUpError(logger, Format(format, args), ex);

    private static string Format(string format, object[] args) =>
        args.Length == 0 ? format : string.Format(CultureInfo.InvariantCulture, format, args);
}
