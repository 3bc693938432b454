using Orleans.Multipart.Silo.Storage.Sql;

namespace Orleans.Multipart.Silo.Hosting;

/// <summary>The silo's /readyz dependency: the metadata database answers a query.</summary>
internal sealed class DatabaseReadinessProbe(SqlDatabase db) : IReadinessProbe
{
    public async Task<string?> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.ReadAsync(async c =>
            {
                await using var command = c.CreateCommand();
                command.CommandText = "SELECT 1";
                return await command.ExecuteScalarAsync(cancellationToken);
            }, cancellationToken);
            return null;
        }
        catch (Exception ex)
        {
            return "database unreachable: " + ex.Message;
        }
    }
}
