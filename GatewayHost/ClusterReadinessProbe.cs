using Orleans.Multipart.Hosting;

namespace Orleans.Multipart.GatewayHost;

/// <summary>
/// The standalone gateway's own /readyz dependency: the cluster answers a grain call (Orleans' management
/// grain lists the active silos) within <see cref="Timeout"/>. A gateway whose client lost every silo, or
/// whose silos cannot reach each other, is taken out of the load balancer instead of answering every
/// request 503.
/// </summary>
internal sealed class ClusterReadinessProbe(IClusterClient client) : IReadinessProbe
{
    /// <summary>A probe answers within this, whatever the grain call does (Orleans' ResponseTimeout is 10 s).</summary>
    internal static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public async Task<string?> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            var silos = await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(Timeout, cancellationToken);
            return silos.Count > 0 ? null : "no active silo";
        }
        catch (Exception ex)
        {
            return "cluster unreachable: " + ex.GetType().Name;
        }
    }
}
