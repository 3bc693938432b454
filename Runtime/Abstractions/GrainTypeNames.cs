using System.Collections.Concurrent;
using System.Reflection;

namespace Orleans.Multipart.Runtime;

/// <summary>Maps grain interfaces to their stable type names.</summary>
public static class GrainTypeNames
{
    private static readonly ConcurrentDictionary<Type, string> Names = new();

    public static string Of(Type grainInterface) => Names.GetOrAdd(grainInterface, static t =>
        t.GetCustomAttribute<GrainTypeAttribute>()?.Name ?? t.FullName ?? t.Name);

    public static string Of<TGrain>() where TGrain : IGrain => Of(typeof(TGrain));
}
