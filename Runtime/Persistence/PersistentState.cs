using System.Text.Json;

namespace Orleans.Multipart.Runtime.Persistence;

/// <summary>Typed state of one grain: <see cref="ReadStateAsync"/> then mutate <see cref="State"/> and <see cref="WriteStateAsync"/>.</summary>
public sealed class PersistentState<TState>(IGrainStorage storage, GrainId grain, string stateName) where TState : class, new()
{
    private string? _version;

    public TState State { get; set; } = new();

    public bool RecordExists => _version is not null;

    public string? Version => _version;

    public async Task ReadStateAsync(CancellationToken cancellationToken = default)
    {
        var stored = await storage.ReadAsync(grain, stateName, cancellationToken).ConfigureAwait(false);
        State = stored.Data is null ? new TState() : JsonSerializer.Deserialize<TState>(stored.Data) ?? new TState();
        _version = stored.Version;
    }

    public async Task WriteStateAsync(CancellationToken cancellationToken = default) =>
        _version = await storage.WriteAsync(grain, stateName, JsonSerializer.Serialize(State), _version, cancellationToken).ConfigureAwait(false);

    public async Task ClearStateAsync(CancellationToken cancellationToken = default)
    {
        await storage.ClearAsync(grain, stateName, _version, cancellationToken).ConfigureAwait(false);
        _version = null;
        State = new TState();
    }
}
