using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Multipart.Runtime.Messaging;

namespace Orleans.Multipart.Runtime.Activation;

/// <summary>Delivers every call to an activation in this process, creating it on first use.</summary>
public sealed class LocalGrainCallInvoker(
    IServiceProvider services,
    ActivationDirectory directory,
    GrainTypeRegistry registry,
    TimeProvider time) : IGrainCallInvoker
{
    private IGrainFactory? _factory;

    private IGrainFactory Factory => _factory ??= services.GetRequiredService<IGrainFactory>();

    public async Task<object?> InvokeAsync(GrainId target, MethodInfo method, object?[] arguments, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var activation = directory.GetOrAdd(target, id => new GrainActivation(id, registry.Resolve(id.Type), services, Factory, directory, time.GetTimestamp()));
            var (delivered, result) = await activation.InvokeAsync(method, arguments, time.GetTimestamp(), cancellationToken).ConfigureAwait(false);
            if (delivered)
            {
                return result;
            }

            // The activation was collected while this call waited for its turn: try the next one.
        }
    }
}
