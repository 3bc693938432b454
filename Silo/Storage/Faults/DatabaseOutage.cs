using System.Data.Common;
using Orleans.Multipart.Silo.Storage.Sql;

namespace Orleans.Multipart.Silo.Storage.Faults;

/// <summary>
/// Recognises "the database did not answer" in an exception from a driver or from Orleans' ADO.NET
/// providers (which pass the driver's exception on, sometimes wrapped), and turns it into the one
/// exception every caller understands across a process boundary.
/// </summary>
internal static class DatabaseOutage
{
    /// <summary>The database failure in <paramref name="exception"/> or its inner exceptions, when it is an outage (not a bad statement).</summary>
    public static DbException? Find(ISqlDialect dialect, Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is DbException db && IsOutage(dialect, db))
            {
                return db;
            }
        }

        return null;
    }

    /// <summary>
    /// The dialect's transient failures, plus SQLSTATE classes 08 (connection exception) and 57 (operator
    /// intervention: a server shutting down or not yet accepting connections), which a stopped or
    /// restarting server answers to connections it already had.
    /// </summary>
    private static bool IsOutage(ISqlDialect dialect, DbException db) =>
        dialect.IsTransient(db) || db.SqlState is { Length: 5 } state && (state.StartsWith("08", StringComparison.Ordinal) || state.StartsWith("57", StringComparison.Ordinal));

    /// <summary>What leaves the silo instead of the driver's exception (which has no Orleans codec).</summary>
    public static StorageUnavailableException Unavailable(DbException db, string operation) =>
        new($"The database did not answer during {operation} ({db.GetType().Name}: {db.Message})");
}
