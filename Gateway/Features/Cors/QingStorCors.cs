using System.Text.Json;

namespace Orleans.Multipart.Gateway.QingStor;

/// <summary>
/// QingStor's PUT / GET / DELETE Bucket CORS (<c>/?cors</c>, JSON <c>{"cors_rules":[{"allowed_origin", "allowed_methods",
/// "allowed_headers", "expose_headers", "max_age_seconds"}]}</c>): one origin per rule, <c>*</c> among the methods for all
/// five. <c>resp_vary</c> is accepted and not kept (Vary: Origin is always sent).
/// </summary>
internal static class QingStorCors
{
    private static readonly QingStorBucketDocument<CorsOperation> Document = new(
        "cors",
        64 * 1024,
        static (bucket, document) => new PutBucketCors(bucket, Configuration(document)),
        static bucket => new GetBucketCors(bucket),
        static bucket => new DeleteBucketCors(bucket));

    public static Task<CorsOperation> ParseAsync(HttpContext context, string bucket, RequestDocumentLimits limits) => Document.ParseAsync(context, bucket, limits);

    /// <summary>PUT answers 200, DELETE 204; GET the rules, an empty list when the bucket has none (the docs name no error for that).</summary>
    public static Task RenderAsync(HttpContext context, OperationResult result) =>
        Document.RenderAsync(context, result, static (CorsDescribed described) => Describe(described.Configuration), QingStorJson.Wire.QingStorCorsConfiguration);

    /// <summary>The rules as QingStor writes them: one origin per rule.</summary>
    private static QingStorCorsConfiguration Describe(CorsConfiguration? configuration) => new(
        (configuration?.Rules ?? []).SelectMany(rule => rule.AllowedOrigins.Select(origin => new QingStorCorsRule(
            origin, rule.AllowedMethods, rule.AllowedHeaders, rule.ExposeHeaders, rule.MaxAgeSeconds))).ToList());

    private static CorsConfiguration Configuration(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("cors_rules", out var rules) || rules.ValueKind != JsonValueKind.Array)
        {
            throw new DialectException(MultipartError.MalformedDocument, "The body must be {\"cors_rules\":[...]}.");
        }

        var parsed = rules.EnumerateArray().Select(Rule).ToList();
        var configuration = new CorsConfiguration(parsed);
        return configuration.Problem() is { } problem ? throw new DialectException(MultipartError.InvalidRequest, problem) : configuration;
    }

    private static CorsRule Rule(JsonElement rule)
    {
        if (rule.ValueKind != JsonValueKind.Object || !rule.TryGetProperty("allowed_origin", out var origin) || !rule.TryGetProperty("allowed_methods", out _))
        {
            throw new DialectException(MultipartError.MalformedDocument, "Each CORS rule needs allowed_origin and allowed_methods.");
        }

        var methods = Strings(rule, "allowed_methods").Select(m => m.ToUpperInvariant()).ToList();
        return new CorsRule
        {
            AllowedOrigins = [Vendors.VendorRoutes.JsonString(origin, "allowed_origin")],
            AllowedMethods = methods.Contains("*") ? [.. CorsConfiguration.Methods.Order(StringComparer.Ordinal)] : methods,
            AllowedHeaders = Strings(rule, "allowed_headers"),
            ExposeHeaders = Strings(rule, "expose_headers"),
            MaxAgeSeconds = rule.TryGetProperty("max_age_seconds", out var age)
                ? age.ValueKind == JsonValueKind.Number && age.TryGetInt32(out var seconds) ? seconds : throw new DialectException(MultipartError.MalformedDocument, "max_age_seconds must be an integer.")
                : null,
        };
    }

    private static List<string> Strings(JsonElement rule, string name)
    {
        if (!rule.TryGetProperty(name, out var values) || values.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        return values.ValueKind == JsonValueKind.Array
            ? values.EnumerateArray().Select(v => Vendors.VendorRoutes.JsonString(v, name)).ToList()
            : throw new DialectException(MultipartError.MalformedDocument, $"{name} must be an array of strings.");
    }
}
