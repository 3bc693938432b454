using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Multipart.Grains.Access;
using Orleans.Multipart.Grains.Storage;
using Orleans.Multipart.Silo.Storage.Secrets;
using Orleans.Multipart.Silo.Storage.Sql;

namespace Orleans.Multipart.Silo.Hosting;

internal static class AccountsServiceCollectionExtensions
{
    /// <summary>
    /// Accounts and access keys on the silo: the master key (<c>Auth:MasterKey</c> / <c>Auth:MasterKeyPath</c>,
    /// validated at start, loaded or created before the silo serves), the account store on the metadata
    /// database, and the root key the access key grains answer from configuration.
    /// </summary>
    public static IServiceCollection AddMultipartAccounts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MasterKeyOptions>().Bind(configuration.GetSection(MasterKeyOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MasterKeyOptions>, MasterKeyOptionsValidator>());
        services.AddOptions<RootKeyOptions>().Bind(configuration.GetSection(RootKeyOptions.Section));
        services.AddSingleton(sp => new SecretSealer(MasterKeyFile.Load(
            sp.GetRequiredService<IOptions<MasterKeyOptions>>().Value,
            sp.GetRequiredService<IOptions<StorageOptions>>().Value)));
        services.AddSingleton<SqlAccountStore>();
        services.AddSingleton<IAccountStore>(sp => sp.GetRequiredService<SqlAccountStore>());
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, MasterKeyLoader>();
        return services;
    }

    /// <summary>Loads (or, for a single-node service, creates) the master key as the silo starts, so that a broken key file stops the start instead of the first signed request.</summary>
    private sealed class MasterKeyLoader(IServiceProvider services) : ILifecycleParticipant<ISiloLifecycle>
    {
        public void Participate(ISiloLifecycle lifecycle) =>
            lifecycle.Subscribe<MasterKeyLoader>(ServiceLifecycleStage.First, _ =>
            {
                services.GetRequiredService<SecretSealer>();
                return Task.CompletedTask;
            });
    }
}
