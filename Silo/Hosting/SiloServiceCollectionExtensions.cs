using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Multipart.Client.Credentials;
using Orleans.Multipart.Gateway.Core;
using Orleans.Multipart.Grains;
using Orleans.Multipart.Grains.Admin;
using Orleans.Multipart.Grains.Storage;
using Orleans.Multipart.Silo.Storage.Blobs;
using Orleans.Multipart.Silo.Storage.Faults;
using Orleans.Multipart.Storage.Blobs;
using Orleans.Multipart.Silo.Storage.Sql;
using Orleans.Multipart.Storage;

namespace Orleans.Multipart.Silo.Hosting;

public static class SiloServiceCollectionExtensions
{
    /// <summary>
    /// The multipart silo on an Orleans silo: the configured metadata store, Orleans' ADO.NET grain
    /// storage and reminders on the same database, the blob store and its collector, the schema
    /// initializer and the expiry sweep. Clustering is the host's choice (<see cref="UseMultipartClustering"/>;
    /// TestingHost brings its own).
    /// </summary>
    public static ISiloBuilder AddMultipartSilo(this ISiloBuilder silo, IConfiguration configuration)
    {
        var services = silo.Services;
        var storage = services.AddMultipartStorageOptions(configuration);
        var dialect = CreateDialect(storage, configuration);
        services.Configure<MultipartOptions>(configuration.GetSection("Multipart"));
        services.AddOptions<BlobCollectorOptions>().Bind(configuration.GetSection("Collector")).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BlobCollectorOptions>, BlobCollectorOptionsValidator>());
        services.AddMultipartBlobStore(configuration, storage.LocalBlobPath);

        // Orleans' own options, under Orleans:* (see the README's configuration table).
        services.Configure<GrainCollectionOptions>(configuration.GetSection("Orleans:GrainCollection"));
        services.Configure<SiloMessagingOptions>(o =>
        {
            FailureDetectionDefaults.Apply(o);
            configuration.GetSection("Orleans:Messaging").Bind(o);
        });
        services.Configure<ClusterMembershipOptions>(o =>
        {
            FailureDetectionDefaults.Apply(o);
            configuration.GetSection("Orleans:Membership").Bind(o);
        });
        services.Configure<ReminderOptions>(configuration.GetSection("Orleans:Reminders"));

        // A sweep period under Orleans' one-minute minimum (tests, benchmarks, the s3-tests run with a short lifecycle
        // day) lowers the minimum to it: an Orleans:Reminders:* key in the host's configuration makes Orleans look for a
        // reminder provider section of that name and refuse to start, so the period alone has to say it.
        services.PostConfigure<ReminderOptions>(o =>
        {
            var sweep = configuration.GetValue<TimeSpan?>("Multipart:ExpirySweepPeriod");
            if (sweep is { } period && period > TimeSpan.Zero && period < o.MinimumReminderPeriod)
            {
                o.MinimumReminderPeriod = period;
            }
        });

        services.AddMultipartGrains();
        services.AddSingleton(dialect);
        services.AddSingleton<SqlDatabase>();
        services.AddSingleton<SqlMetadataStore>();
        services.AddSingleton<IMetadataStore>(sp => sp.GetRequiredService<SqlMetadataStore>());
        services.AddMultipartAccounts(configuration);
        services.AddSingleton<BlobCollector>();
        services.AddHostedService(sp => sp.GetRequiredService<BlobCollector>());
        services.TryAddSingleton<ReadinessState>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, SchemaInitializer>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, ExpirySweepStarter>();

        // Stale uploads made visible: the open-upload gauges (and the dashboard's page of them), refreshed from the
        // cluster's summary grain, and their options, refused at start when out of range.
        services.AddOptions<StaleUploadsOptions>().Bind(configuration.GetSection(StaleUploadsOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StaleUploadsOptions>, StaleUploadsOptionsValidator>());
        services.TryAddSingleton<OpenUploadGauges>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, OpenUploadGaugesRefresher>();

        silo.AddOutgoingGrainCallFilter<RejectedCallRetryFilter>();
        silo.AddIncomingGrainCallFilter<TransientDatabaseFailureFilter>();
        AddInternalCallerAccess(silo, configuration);
        silo.AddAdoNetGrainStorage(MultipartStorage.GrainStorageName, o =>
        {
            o.Invariant = dialect.AdoInvariant;
            o.ConnectionString = dialect.ConnectionString;
        });
        OutageConvertingGrainStorage.Decorate(services, MultipartStorage.GrainStorageName, dialect);
        silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = dialect.AdoInvariant;
            o.ConnectionString = dialect.ConnectionString;
        });
        OutageConvertingReminderTable.Decorate(services, dialect);
        return silo;
    }

    /// <summary>
    /// Membership: localhost clustering for the embedded SQLite mode (one silo), Orleans' ADO.NET
    /// clustering on the same database for PostgreSQL. Ports and IDs from <c>Orleans:*</c>.
    /// </summary>
    public static ISiloBuilder UseMultipartClustering(this ISiloBuilder silo, IConfiguration configuration)
    {
        var orleans = silo.Services.AddMultipartOrleansOptions(configuration);
        var storage = configuration.GetStorageOptions();
        silo.UseMultipartTls(configuration);
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = orleans.ClusterId;
            o.ServiceId = orleans.ServiceId;
        });

        if (!storage.IsPostgres)
        {
            return silo.UseLocalhostClustering(orleans.SiloPort, orleans.GatewayPort, serviceId: orleans.ServiceId, clusterId: orleans.ClusterId);
        }

        if (orleans.AdvertisedIPAddress is { Length: > 0 } advertised)
        {
            silo.ConfigureEndpoints(System.Net.IPAddress.Parse(advertised), orleans.SiloPort, orleans.GatewayPort, listenOnAnyHostAddress: true);
        }
        else
        {
            silo.ConfigureEndpoints(orleans.SiloPort, orleans.GatewayPort, listenOnAnyHostAddress: true);
        }

        return silo.UseAdoNetClustering(o =>
        {
            o.Invariant = "Npgsql";
            o.ConnectionString = configuration.GetConnectionString("Postgres");
        });
    }

    /// <summary>
    /// Calls from clients carry a credential the silo verifies and are decided like HTTP requests
    /// (<see cref="InternalCallerAccessFilter"/>). The co-hosted gateway and the silo's own services (the
    /// expiry sweep's start) sign with the configured root key, as a standalone gateway does.
    /// </summary>
    private static void AddInternalCallerAccess(ISiloBuilder silo, IConfiguration configuration)
    {
        var services = silo.Services;
        var auth = configuration.GetSection("Auth");
        services.AddOptions<AuthOptions>().Bind(auth);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IAccessKeyResolver, GrainAccessKeyResolver>();
        services.AddSingleton<CallCredentialVerifier>();
        services.AddSingleton<SiloBucketAccessCache>();
        silo.AddIncomingGrainCallFilter<InternalCallerAccessFilter>();
        if (auth.Get<AuthOptions>() is { RootAccessKey: { Length: > 0 } rootKey, RootSecretKey: { Length: > 0 } rootSecret })
        {
            services.AddSingleton(sp => new CallSigner(rootKey, rootSecret, sp.GetService<TimeProvider>()));
            silo.AddOutgoingGrainCallFilter<CallSigningFilter>();
        }
    }

    /// <summary>The metadata store's dialect (<paramref name="storage"/> has passed its validator: a known provider, PostgreSQL with its connection string).</summary>
    private static ISqlDialect CreateDialect(StorageOptions storage, IConfiguration configuration) =>
        storage.IsPostgres
            ? new PostgresDialect(configuration.GetConnectionString("Postgres")!)
            : new SqliteDialect(Path.Combine(storage.DataPath, "metadata.db"));
}
