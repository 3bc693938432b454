namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>
/// How a request meets a bucket's CORS rules, as S3 evaluates them: the first rule whose AllowedOrigin
/// matches the Origin (exactly, or around its one <c>*</c>), whose AllowedMethod holds the method, and
/// whose AllowedHeader patterns (case-insensitive, with <c>*</c>) cover every requested header.
/// </summary>
internal static class CorsMatching
{
    /// <summary>The first matching rule and the origin pattern that matched; null when none does.</summary>
    public static (CorsRule Rule, string Origin)? FirstMatch(CorsConfiguration? configuration, string origin, string method, IReadOnlyList<string> requestHeaders)
    {
        foreach (var rule in configuration?.Rules ?? [])
        {
            if (rule.AllowedOrigins.FirstOrDefault(p => Glob(p, origin, StringComparison.Ordinal)) is { } matched
                && rule.AllowedMethods.Contains(method, StringComparer.Ordinal)
                && requestHeaders.All(h => rule.AllowedHeaders.Any(p => Glob(p, h, StringComparison.OrdinalIgnoreCase))))
            {
                return (rule, matched);
            }
        }

        return null;
    }

    /// <summary>The names in an Access-Control-Request-Headers value, trimmed and lower-cased.</summary>
    public static IReadOnlyList<string> RequestedHeaders(string? header) =>
        string.IsNullOrWhiteSpace(header)
            ? []
            : header.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(h => h.ToLowerInvariant()).ToList();

    /// <summary>Whether <paramref name="value"/> matches <paramref name="pattern"/>, each <c>*</c> standing for any run of characters.</summary>
    public static bool Glob(string pattern, string value, StringComparison comparison)
    {
        var parts = pattern.Split('*');
        if (parts.Length == 1)
        {
            return string.Equals(pattern, value, comparison);
        }

        if (!value.StartsWith(parts[0], comparison) || !value.EndsWith(parts[^1], comparison) || value.Length < parts[0].Length + parts[^1].Length)
        {
            return false;
        }

        // The middle pieces in order, between the fixed prefix and suffix.
        var at = parts[0].Length;
        var end = value.Length - parts[^1].Length;
        foreach (var middle in parts[1..^1])
        {
            var found = value.IndexOf(middle, at, end - at, comparison);
            if (found < 0)
            {
                return false;
            }

            at = found + middle.Length;
        }

        return true;
    }
}
