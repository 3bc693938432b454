namespace Orleans.Multipart.Runtime.Activation;

/// <summary>Which class implements which grain type; filled by <c>AddGrain&lt;TInterface, TGrain&gt;()</c>.</summary>
public sealed class GrainTypeRegistry
{
    private readonly Dictionary<string, Type> _implementations = new(StringComparer.Ordinal);

    public void Register(Type grainInterface, Type implementation)
    {
        if (!typeof(Grain).IsAssignableFrom(implementation) || !grainInterface.IsAssignableFrom(implementation))
        {
            throw new ArgumentException($"{implementation} must derive from Grain and implement {grainInterface}.");
        }

        _implementations[GrainTypeNames.Of(grainInterface)] = implementation;
    }

    public Type Resolve(string grainType) =>
        _implementations.TryGetValue(grainType, out var type)
            ? type
            : throw new InvalidOperationException($"No grain class is registered for grain type '{grainType}'.");
}
