using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Multipart.Silo.Storage.Sql;
using Orleans.Multipart.Storage.Blobs;

namespace Orleans.Multipart.Silo.Hosting;

/// <summary>/readyz: unhealthy while starting or stopping (<see cref="ReadinessState"/>), while the database does not answer, or while the S3 blob backend (when configured) does not.</summary>
internal sealed class ReadinessHealthCheck(ReadinessState readiness, SqlDatabase db, S3BlobStore? s3 = null) : IHealthCheck
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
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("database unreachable: " + ex.Message);
        }

        if (s3 is not null)
        {
            try
            {
                await s3.ProbeAsync(cancellationToken);
            }
            catch (StorageUnavailableException ex)
            {
                return HealthCheckResult.Unhealthy("blob backend unreachable: " + ex.Message);
            }
        }

        return HealthCheckResult.Healthy("ready");
    }
}
