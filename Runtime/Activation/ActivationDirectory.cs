using System.Collections.Concurrent;

namespace Orleans.Multipart.Runtime.Activation;

/// <summary>The activations living in this silo: at most one per grain ID.</summary>
public sealed class ActivationDirectory
{
    private readonly ConcurrentDictionary<GrainId, GrainActivation> _activations = new();

    public int Count => _activations.Count;

    internal GrainActivation GetOrAdd(GrainId id, Func<GrainId, GrainActivation> create) => _activations.GetOrAdd(id, create);

    internal void Remove(GrainActivation activation) =>
        _activations.TryRemove(new KeyValuePair<GrainId, GrainActivation>(activation.GrainId, activation));

    internal IReadOnlyCollection<GrainActivation> Snapshot() => _activations.Values.ToArray();
}
