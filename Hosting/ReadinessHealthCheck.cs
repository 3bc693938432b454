using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Orleans.Multipart.Hosting;

/// <summary>
/// /readyz: unhealthy while starting or stopping (<see cref="ReadinessState"/>) or while any
/// <see cref="IReadinessProbe"/> fails (every failing one is named); "ready" otherwise.
/// </summary>
internal sealed class ReadinessHealthCheck(ReadinessState readiness, IEnumerable<IReadinessProbe> probes) : IHealthCheck
{
    private readonly IReadinessProbe[] _probes = probes.ToArray();

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!readiness.IsReady)
        {
            return HealthCheckResult.Unhealthy("starting or stopping");
        }

        // Together: a probe waits out its own timeout, and the answer should not wait for them in turn.
        var failures = (await Task.WhenAll(_probes.Select(p => p.ProbeAsync(cancellationToken)))).OfType<string>().ToList();
        return failures.Count == 0 ? HealthCheckResult.Healthy("ready") : HealthCheckResult.Unhealthy(string.Join("; ", failures));
    }
}
