namespace Orleans.Multipart;

/// <summary>
/// One cross-origin rule of a bucket (S3's CORSRule): which origins may send which methods with which
/// request headers, what the browser may read of the answer, and how long it may cache a preflight.
/// Origins and allowed headers may hold one <c>*</c> wildcard; methods are GET, PUT, POST, DELETE, HEAD.
/// </summary>
[GenerateSerializer, Immutable, Alias("omp.CorsRule")]
public sealed record CorsRule
{
    [Id(0)] public string? Id { get; init; }

    [Id(1)] public IReadOnlyList<string> AllowedOrigins { get; init; } = [];

    [Id(2)] public IReadOnlyList<string> AllowedMethods { get; init; } = [];

    [Id(3)] public IReadOnlyList<string> AllowedHeaders { get; init; } = [];

    [Id(4)] public IReadOnlyList<string> ExposeHeaders { get; init; } = [];

    [Id(5)] public int? MaxAgeSeconds { get; init; }
}

/// <summary>A bucket's cross-origin rules, in the order they are evaluated (the first match wins).</summary>
[GenerateSerializer, Immutable, Alias("omp.CorsConfiguration")]
public sealed record CorsConfiguration(IReadOnlyList<CorsRule> Rules)
{
    /// <summary>S3's limit on rules per bucket.</summary>
    public const int MaxRules = 100;

    /// <summary>The methods a rule may allow.</summary>
    public static readonly IReadOnlySet<string> Methods = new HashSet<string>(StringComparer.Ordinal) { "GET", "PUT", "POST", "DELETE", "HEAD" };

    /// <summary>The first rule broken, or null when the configuration can be stored.</summary>
    public string? Problem()
    {
        if (Rules.Count is 0 or > MaxRules)
        {
            return $"A CORS configuration holds 1 to {MaxRules} rules.";
        }

        foreach (var rule in Rules)
        {
            if (rule.AllowedOrigins.Count == 0 || rule.AllowedMethods.Count == 0)
            {
                return "Every CORS rule needs at least one AllowedOrigin and one AllowedMethod.";
            }

            if (rule.AllowedMethods.FirstOrDefault(m => !Methods.Contains(m)) is { } method)
            {
                return $"Found unsupported HTTP method in CORS config. Unsupported method is {method}";
            }

            if (rule.AllowedOrigins.Concat(rule.AllowedHeaders).FirstOrDefault(p => p.Count(c => c == '*') > 1) is { } pattern)
            {
                return $"\"{pattern}\" can not have more than one wildcard.";
            }

            if (rule.MaxAgeSeconds < 0 || rule.Id?.Length > 255)
            {
                return "MaxAgeSeconds must not be negative and ID must be at most 255 characters.";
            }
        }

        return null;
    }
}
