using Orleans.Runtime;

namespace Orleans.Multipart;

/// <summary>
/// The principal a grain call acts for, carried in Orleans' <see cref="RequestContext"/> so that it flows
/// from the gateway (or an internal client) into every grain call the request makes, without a parameter
/// on each grain method. Grains read it to record owners and initiators and to refuse what the caller
/// may not do. A value set by a client outside the cluster is trusted only after the silos have checked
/// the call's credential (internal clients, issue 22).
/// </summary>
public static class CallerContext
{
    /// <summary>The <see cref="RequestContext"/> key.</summary>
    public const string Key = "omp.principal";

    /// <summary>The principal of the current call; null when the caller named none (a grain's own timer or reminder, or a client from before accounts).</summary>
    public static Principal? Current => RequestContext.Get(Key) as Principal;

    /// <summary>The current principal's account, or <see cref="AccountIds.Root"/> when none is named.</summary>
    public static string AccountOrRoot => Current?.AccountId ?? AccountIds.Root;

    /// <summary>Makes the grain calls of the current async flow act for <paramref name="principal"/>.</summary>
    public static void Set(Principal principal) => RequestContext.Set(Key, principal);
}
