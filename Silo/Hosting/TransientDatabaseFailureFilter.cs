using System.Data.Common;
using Orleans.Multipart.Silo.Storage.Sql;
using Orleans.Serialization.Invocation;

namespace Orleans.Multipart.Silo.Hosting;

/// <summary>
/// A grain call that failed because the database did not answer fails for its caller with a
/// <see cref="TimeoutException"/> (the outcome is unknown, as for a call that timed out) instead of the
/// driver's exception: an <c>NpgsqlException</c> has no Orleans codec, so a caller on another silo or
/// in the standalone gateway got a <c>CodecNotFoundException</c> and answered 500. Callers map a
/// timeout to 503 in every dialect; nothing retries it automatically.
/// </summary>
internal sealed class TransientDatabaseFailureFilter(ISqlDialect dialect) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (Exception ex) when (AsTransient(ex) is { } db)
        {
            throw Unavailable(db);
        }

        if (context.Response?.Exception is { } failure && AsTransient(failure) is { } transient)
        {
            context.Response = Response.FromException(Unavailable(transient));
        }
    }

    private DbException? AsTransient(Exception ex) =>
        (ex as DbException ?? ex.InnerException as DbException) is { } db && dialect.IsTransient(db) ? db : null;

    private static TimeoutException Unavailable(DbException db) => new($"The database did not answer ({db.GetType().Name}: {db.Message})");
}
