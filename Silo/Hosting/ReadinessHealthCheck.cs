using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Multipart.Silo.Storage.Sql;

namespace Orleans.Multipart.Silo.Hosting;

/// <summary>/readyz: unhealthy while starting or stopping (<see cref="ReadinessState"/>) or while the database does not answer.</summary>
internal sealed class ReadinessHealthCheck(ReadinessState readiness, SqlDatabase db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!readiness.IsReady)
        {
            return HealthCheckResult.Unhealthy("starting or stopping");
        }

        try
        {
            await db.ReadAsync(async c =>
            {
                await using var command = c.CreateCommand();
                command.CommandText = "SELECT 1";
                return await command.ExecuteScalarAsync(cancellationToken);
            }, cancellationToken);
            return HealthCheckResult.Healthy("ready");
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("database unreachable: " + ex.Message);
        }
    }
}
