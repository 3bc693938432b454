using System.Reflection;

namespace Orleans.Multipart.Runtime.Messaging;

/// <summary>Creates grain references that send through the registered <see cref="IGrainCallInvoker"/>.</summary>
public sealed class GrainFactory(IGrainCallInvoker invoker) : IGrainFactory
{
    public TGrain GetGrain<TGrain>(string key) where TGrain : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(key);
        var proxy = DispatchProxy.Create<TGrain, GrainReference>();
        ((GrainReference)(object)proxy).Initialize(new GrainId(GrainTypeNames.Of<TGrain>(), key), invoker);
        return proxy;
    }
}
