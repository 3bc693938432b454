using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Orleans.Multipart.GatewayHost;

/// <summary>
/// The standalone gateway's /readyz: not stopping, and the cluster answers a grain call (Orleans'
/// management grain lists the active silos) within <see cref="Timeout"/>. A gateway whose client lost
/// every silo, or whose silos cannot reach each other, is taken out of the load balancer instead of
/// answering every request 503.
/// </summary>
internal sealed class ClusterReadinessCheck(GatewayReadiness readiness, IClusterClient client) : IHealthCheck
{
    /// <summary>A probe answers within this, whatever the grain call does (Orleans' ResponseTimeout is 10 s).</summary>
    internal static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!readiness.IsReady)
        {
            return HealthCheckResult.Unhealthy("starting or stopping");
        }

        try
        {
            var silos = await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(Timeout, cancellationToken);
            return silos.Count > 0 ? HealthCheckResult.Healthy("ready") : HealthCheckResult.Unhealthy("no active silo");
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("cluster unreachable: " + ex.GetType().Name);
        }
    }
}
