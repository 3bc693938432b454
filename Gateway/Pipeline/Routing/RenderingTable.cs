using System.Collections.Frozen;

namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>
/// A dialect's renderings, built once at start from its features' rows: a result is written by the first row, in
/// table order, of its type that takes it (one lookup by the result's type, then the few rows of that type).
/// </summary>
internal sealed class RenderingTable(string dialect, IEnumerable<Rendering> rows)
{
    private readonly FrozenDictionary<Type, Rendering[]> _byType = rows
        .GroupBy(row => row.ResultType)
        .ToFrozenDictionary(group => group.Key, group => group.ToArray());

    public Task RenderAsync(HttpContext context, Caller caller, OperationResult result)
    {
        if (_byType.TryGetValue(result.GetType(), out var candidates))
        {
            foreach (var row in candidates)
            {
                if (row.Takes(result))
                {
                    return row.RenderAsync(context, caller, result);
                }
            }
        }

        // A result no row of this dialect renders is a gap in its bindings (a route bound an operation it cannot answer).
        throw new InvalidOperationException($"{dialect} renders no {result.GetType().Name}.");
    }
}
