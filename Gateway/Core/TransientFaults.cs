namespace Orleans.Multipart.Gateway.Core;

/// <summary>The failures that are the cluster's or the database's, not the request's: answered 503 ServiceUnavailable.</summary>
internal static class TransientFaults
{
    /// <summary>
    /// Failures that say nothing about the request: the cluster not reachable (no gateway, a connection
    /// refused or lost, a silo leaving, a call rejected after the retries, a gateway too busy), a grain
    /// call that timed out (its outcome unknown), the database not answering (which the silo passes on as a
    /// <see cref="StorageUnavailableException"/> or a <see cref="TimeoutException"/>: the gateway never sees a
    /// driver's exception). A retry can succeed, so the client is told 503 in its dialect (every SDK retries
    /// it), never 500. Orleans and the state bridge wrap some of these, so the inner exceptions are looked at too.
    /// </summary>
    public static bool IsTransient(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (IsTransientItself(e) || (e is AggregateException aggregate && aggregate.InnerExceptions.Any(IsTransient)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsTransientItself(Exception ex) => ex is Orleans.Runtime.OrleansMessageRejectionException // SiloUnavailableException too
        or Orleans.Runtime.Messaging.ConnectionFailedException
        or Orleans.Runtime.GatewayTooBusyException
        or StorageUnavailableException
        or TimeoutException
        || IsActivationOnADeadSilo(ex);

    /// <summary>
    /// A silo the cluster has declared dead (hung, then woken before it stopped itself) refuses to activate a
    /// grain: Orleans says so with a plain <see cref="Orleans.Runtime.OrleansException"/> ("Trying to register
    /// ... on invalid silo ... Known status: Dead"), which has no type of its own. The grain lives on elsewhere
    /// once membership settles: a retry succeeds.
    /// </summary>
    private static bool IsActivationOnADeadSilo(Exception ex) =>
        ex.GetType() == typeof(Orleans.Runtime.OrleansException)
        && ex.Message.StartsWith("Trying to register ", StringComparison.Ordinal)
        && ex.Message.Contains(" on invalid silo", StringComparison.Ordinal);
}
