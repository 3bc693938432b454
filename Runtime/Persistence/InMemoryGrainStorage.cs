namespace Orleans.Multipart.Runtime.Persistence;

/// <summary>Process-local grain storage with the same version semantics as the SQL providers; for tests and tools.</summary>
public sealed class InMemoryGrainStorage : IGrainStorage
{
    private readonly Dictionary<(GrainId, string), (string Data, long Version)> _states = new();

    public Task<StoredState> ReadAsync(GrainId grain, string stateName, CancellationToken cancellationToken = default)
    {
        lock (_states)
        {
            return Task.FromResult(_states.TryGetValue((grain, stateName), out var s)
                ? new StoredState(s.Data, s.Version.ToString(System.Globalization.CultureInfo.InvariantCulture))
                : default);
        }
    }

    public Task<string> WriteAsync(GrainId grain, string stateName, string data, string? expectedVersion, CancellationToken cancellationToken = default)
    {
        lock (_states)
        {
            var current = _states.TryGetValue((grain, stateName), out var s) ? s.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
            if (current != expectedVersion)
            {
                throw new InconsistentStateException(grain, stateName, expectedVersion, current);
            }

            var next = s.Version + 1;
            _states[(grain, stateName)] = (data, next);
            return Task.FromResult(next.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    public Task ClearAsync(GrainId grain, string stateName, string? expectedVersion, CancellationToken cancellationToken = default)
    {
        lock (_states)
        {
            var current = _states.TryGetValue((grain, stateName), out var s) ? s.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
            if (current != expectedVersion)
            {
                throw new InconsistentStateException(grain, stateName, expectedVersion, current);
            }

            _states.Remove((grain, stateName));
            return Task.CompletedTask;
        }
    }
}
