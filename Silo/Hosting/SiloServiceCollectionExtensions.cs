using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Multipart.Grains;
using Orleans.Multipart.Grains.Storage;
using Orleans.Multipart.Runtime.Activation;
using Orleans.Multipart.Runtime.Hosting;
using Orleans.Multipart.Runtime.Persistence;
using Orleans.Multipart.Runtime.Reminders;
using Orleans.Multipart.Silo.Storage.Blobs;
using Orleans.Multipart.Silo.Storage.Sql;
using Orleans.Multipart.Storage;

namespace Orleans.Multipart.Silo.Hosting;

public static class SiloServiceCollectionExtensions
{
    /// <summary>The silo: runtime, grains, the configured metadata store, the blob store and its collector.</summary>
    public static IServiceCollection AddMultipartSilo(this IServiceCollection services, IConfiguration configuration)
    {
        var storage = configuration.GetSection("Storage").Get<StorageOptions>() ?? new StorageOptions();
        services.Configure<StorageOptions>(configuration.GetSection("Storage"));
        services.Configure<MultipartOptions>(configuration.GetSection("Multipart"));
        services.Configure<GrainCollectionOptions>(configuration.GetSection("Runtime:Collection"));
        services.Configure<ReminderOptions>(configuration.GetSection("Runtime:Reminders"));
        services.Configure<BlobCollectorOptions>(configuration.GetSection("Collector"));
        services.Configure<BlobStoreOptions>(options =>
        {
            configuration.GetSection("Storage:Blobs").Bind(options);
            options.Path = storage.BlobPath ?? Path.Combine(storage.DataPath, "blobs");
        });

        services.AddGrainRuntime();
        services.AddMultipartGrains();
        services.AddSingleton<ISqlDialect>(sp => CreateDialect(storage, configuration));
        services.AddSingleton<SqlDatabase>();
        services.AddSingleton<SqlMetadataStore>();
        services.AddSingleton<IMetadataStore>(sp => sp.GetRequiredService<SqlMetadataStore>());
        services.AddSingleton<IReminderTable, SqlReminderTable>();
        services.AddSingleton<IGrainStorage, SqlGrainStorage>();
        services.AddSingleton<IBlobStore, LocalBlobStore>();
        services.AddSingleton<BlobCollector>();
        services.AddHostedService<SchemaInitializer>();
        services.AddHostedService(sp => sp.GetRequiredService<BlobCollector>());
        return services;
    }

    private static ISqlDialect CreateDialect(StorageOptions storage, IConfiguration configuration)
    {
        if (string.Equals(storage.Provider, "Postgres", StringComparison.OrdinalIgnoreCase))
        {
            var connectionString = configuration.GetConnectionString("Postgres");
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new OptionsValidationException("Storage", typeof(StorageOptions), ["Storage:Provider is Postgres but ConnectionStrings:Postgres is empty."]);
            }

            return new PostgresDialect(NpgsqlDataSource.Create(connectionString));
        }

        if (!string.Equals(storage.Provider, "Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            throw new OptionsValidationException("Storage", typeof(StorageOptions), [$"Storage:Provider must be Sqlite or Postgres, not '{storage.Provider}'."]);
        }

        return new SqliteDialect(Path.Combine(storage.DataPath, "metadata.db"));
    }
}

/// <summary>Creates or upgrades the schema before the silo takes traffic; readiness waits for it.</summary>
internal sealed class SchemaInitializer(SqlDatabase db, ReadinessState readiness) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await db.EnsureSchemaAsync(cancellationToken);
        readiness.MarkReady();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>What /readyz reports: ready once the schema is in place, not ready again once shutdown starts.</summary>
public sealed class ReadinessState
{
    private volatile bool _ready;

    public bool IsReady => _ready;

    public void MarkReady() => _ready = true;

    public void MarkStopping() => _ready = false;
}
