using Orleans.Multipart.Silo.Storage.Sql;

namespace Orleans.Multipart.Silo.Hosting;

/// <summary>
/// Creates or upgrades the schema (ours and Orleans' providers' tables and queries) in the silo's first
/// lifecycle stage, before any provider loads its queries; readiness follows the silo becoming active.
/// </summary>
internal sealed class SchemaInitializer(SqlDatabase db, ReadinessState readiness) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle)
    {
        lifecycle.Subscribe<SchemaInitializer>(ServiceLifecycleStage.First, db.EnsureSchemaAsync);
        lifecycle.Subscribe<SchemaInitializer>(
            ServiceLifecycleStage.Active,
            _ =>
            {
                readiness.MarkReady();
                return Task.CompletedTask;
            },
            _ =>
            {
                readiness.MarkStopping();
                return Task.CompletedTask;
            });
    }
}

/// <summary>Makes sure the expiry sweep's reminder exists once the silo is active (idempotent; every silo asks).</summary>
internal sealed partial class ExpirySweepStarter(IGrainFactory grains, ILogger<ExpirySweepStarter> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe<ExpirySweepStarter>(ServiceLifecycleStage.Active, async _ =>
        {
            try
            {
                await grains.GetGrain<IUploadExpiryGrain>(IUploadExpiryGrain.DefaultKey).Start();
            }
            catch (Exception ex)
            {
                // Not fatal: another silo (or this one's next start) registers it.
                Log.StartFailed(logger, ex);
            }
        });

    private static partial class Log
    {
        [LoggerMessage(4010, LogLevel.Warning, "Could not register the upload expiry sweep's reminder.")]
        public static partial void StartFailed(ILogger logger, Exception exception);
    }
}
