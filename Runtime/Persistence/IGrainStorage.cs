namespace Orleans.Multipart.Runtime.Persistence;

/// <summary>
/// Grain state storage with optimistic concurrency, as Orleans' ADO.NET storage: every write names the
/// version it read, and a write against a newer version fails with
/// <see cref="InconsistentStateException"/> instead of overwriting it. That is what makes a stale
/// (duplicate) activation harmless.
/// </summary>
public interface IGrainStorage
{
    /// <summary>Reads the state; null data and null version when nothing was ever written.</summary>
    Task<StoredState> ReadAsync(GrainId grain, string stateName, CancellationToken cancellationToken = default);

    /// <summary>Writes when the stored version equals <paramref name="expectedVersion"/> (null = must not exist); returns the new version.</summary>
    Task<string> WriteAsync(GrainId grain, string stateName, string data, string? expectedVersion, CancellationToken cancellationToken = default);

    /// <summary>Deletes when the stored version equals <paramref name="expectedVersion"/>.</summary>
    Task ClearAsync(GrainId grain, string stateName, string? expectedVersion, CancellationToken cancellationToken = default);
}

/// <summary>A state blob and the version it was read at.</summary>
public readonly record struct StoredState(string? Data, string? Version);

/// <summary>The stored version differs from the one the activation read: another activation wrote in between.</summary>
public sealed class InconsistentStateException(GrainId grain, string stateName, string? expected, string? actual)
    : Exception($"State '{stateName}' of {grain} is at version '{actual ?? "<none>"}', not '{expected ?? "<none>"}': a newer writer exists.")
{
    public GrainId Grain { get; } = grain;
}
