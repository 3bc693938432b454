namespace Orleans.Multipart.Gateway.Admin;

/// <summary>
/// One admin endpoint: method, a pattern of path segments under <see cref="AdminOptions.Path"/> (<c>{name}</c> captures
/// one segment), the action its audit line names (null: a read, not audited), and its handler.
/// </summary>
internal sealed record AdminRoute(string Method, string Pattern, string? Action, Func<AdminCall, Task<AdminResult>> Handler)
{
    private readonly string[] _segments = Pattern.Split('/');

    /// <summary>The captured values when <paramref name="segments"/> fit the pattern; null otherwise.</summary>
    public Dictionary<string, string>? Match(IReadOnlyList<string> segments)
    {
        if (segments.Count != _segments.Length)
        {
            return null;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < _segments.Length; i++)
        {
            if (_segments[i].StartsWith('{'))
            {
                values[_segments[i][1..^1]] = segments[i];
            }
            else if (!string.Equals(_segments[i], segments[i], StringComparison.Ordinal))
            {
                return null;
            }
        }

        return values;
    }
}
