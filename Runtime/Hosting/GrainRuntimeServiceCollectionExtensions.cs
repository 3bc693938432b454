using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Multipart.Runtime.Activation;
using Orleans.Multipart.Runtime.Messaging;
using Orleans.Multipart.Runtime.Reminders;

namespace Orleans.Multipart.Runtime.Hosting;

public static class GrainRuntimeServiceCollectionExtensions
{
    /// <summary>
    /// Adds the in-process runtime: factory, invoker, activation directory, idle collector and reminder
    /// service. The caller registers an <see cref="IReminderTable"/> (and an
    /// <see cref="Persistence.IGrainStorage"/> when grains use persistent state).
    /// </summary>
    public static IServiceCollection AddGrainRuntime(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<GrainTypeRegistry>();
        services.TryAddSingleton<ActivationDirectory>();
        services.TryAddSingleton<IGrainCallInvoker, LocalGrainCallInvoker>();
        services.TryAddSingleton<IGrainFactory, GrainFactory>();
        services.AddOptions<GrainCollectionOptions>();
        services.AddOptions<ReminderOptions>();
        services.TryAddSingleton<ActivationCollector>();
        services.AddHostedService(sp => sp.GetRequiredService<ActivationCollector>());
        services.TryAddSingleton<ReminderService>();
        services.AddHostedService(sp => sp.GetRequiredService<ReminderService>());
        return services;
    }

    /// <summary>Registers <typeparamref name="TGrain"/> as the implementation of <typeparamref name="TInterface"/>.</summary>
    public static IServiceCollection AddGrain<TInterface, TGrain>(this IServiceCollection services)
        where TInterface : IGrain
        where TGrain : Grain, TInterface
    {
        services.TryAddSingleton<GrainTypeRegistry>();
        var registry = (GrainTypeRegistry?)services.Single(d => d.ServiceType == typeof(GrainTypeRegistry)).ImplementationInstance;
        if (registry is null)
        {
            registry = new GrainTypeRegistry();
            services.Replace(ServiceDescriptor.Singleton(registry));
        }

        registry.Register(typeof(TInterface), typeof(TGrain));
        return services;
    }
}
