using System.Text;
using System.Text.Json;
using Orleans.Multipart.Gateway.Vendors;

namespace Orleans.Multipart.Gateway.QingStor;

/// <summary>
/// QingStor's PUT / GET / DELETE Bucket Lifecycle (<c>/?lifecycle</c>, JSON <c>{"rule":[{"id", "status", "filter":{"prefix"},
/// "expiration":{"days"}, "abort_incomplete_multipart_upload":{"days_after_initiation"}, "transition":{...}}]}</c>, as
/// qingstor-sdk-python's put_lifecycle sends it) on the model the s3 dialect's rules use, so the same sweep runs them.
/// QingStor's own limits: at most 100 rules, one action per rule, no two rules with the same prefix and action; a
/// broken rule is 400 <c>invalid_request</c>, as its documentation says. A transition is 501: this service has one
/// storage class. A bucket without rules answers an empty list, as its CORS does (the docs name no error for it).
/// </summary>
internal static class QingStorLifecycle
{
    /// <summary>QingStor's limit on rules per bucket (the S3 dialect's is 1,000).</summary>
    public const int MaxRules = 100;

    /// <summary>A rule's id, in UTF-8 bytes.</summary>
    private const int MaxIdBytes = 255;

    private static readonly QingStorBucketDocument<LifecycleOperation> Document = new(
        "lifecycle",
        256 * 1024, // 100 rules of a few hundred bytes each.
        static (bucket, document) => new PutBucketLifecycle(bucket, Configuration(document)),
        static bucket => new GetBucketLifecycle(bucket),
        static bucket => new DeleteBucketLifecycle(bucket));

    public static Task<LifecycleOperation> ParseAsync(HttpContext context, string bucket, RequestDocumentLimits limits) => Document.ParseAsync(context, bucket, limits);

    /// <summary>PUT answers 200, DELETE 204 (qingstor-sdk-test-scenarios); GET the rules in QingStor's form.</summary>
    public static Task RenderAsync(HttpContext context, OperationResult result) =>
        Document.RenderAsync(context, result, static (LifecycleDescribed described) => Describe(described.Configuration), QingStorJson.Wire.QingStorLifecycleConfiguration);

    /// <summary>
    /// The rules as QingStor writes them. A rule set through the s3 dialect may say more than QingStor can (tags, sizes,
    /// dates, versions): its prefix and the actions QingStor has are shown, the rest is kept and still acted on.
    /// </summary>
    internal static QingStorLifecycleConfiguration Describe(LifecycleConfiguration? configuration) => new(
        (configuration?.Rules ?? []).Select(rule => new QingStorLifecycleRule(
            rule.Id,
            rule.Enabled ? "enabled" : "disabled",
            new QingStorLifecycleFilter(rule.Filter.Prefix),
            rule.ExpirationDays is { } days ? new QingStorLifecycleExpiration(days) : null,
            rule.AbortIncompleteUploadDays is { } abort ? new QingStorLifecycleAbort(abort) : null)).ToList());

    internal static LifecycleConfiguration Configuration(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("rule", out var rules) || rules.ValueKind != JsonValueKind.Array)
        {
            throw Invalid("The body must be {\"rule\":[...]}.");
        }

        var parsed = rules.EnumerateArray().Select(Rule).ToList();
        if (parsed.Count is 0 or > MaxRules)
        {
            throw Invalid($"A lifecycle holds 1 to {MaxRules} rules.");
        }

        if (parsed.GroupBy(r => r.Id, StringComparer.Ordinal).Any(g => g.Count() > 1))
        {
            throw Invalid("Each rule's id must be unique.");
        }

        if (parsed.GroupBy(r => (r.Filter.Prefix, Abort: r.AbortIncompleteUploadDays is not null)).Any(g => g.Count() > 1))
        {
            throw Invalid("Two rules have the same prefix and action.");
        }

        var configuration = new LifecycleConfiguration(parsed);
        return configuration.Problem() is { } problem ? throw Invalid(problem.Message) : configuration;
    }

    private static LifecycleRule Rule(JsonElement rule)
    {
        if (rule.ValueKind != JsonValueKind.Object)
        {
            throw Invalid("Each rule must be an object.");
        }

        var id = rule.TryGetProperty("id", out var idValue) ? VendorRoutes.JsonString(idValue, "id") : throw Invalid("Each rule needs an id.");
        if (Encoding.UTF8.GetByteCount(id) > MaxIdBytes)
        {
            throw Invalid($"A rule's id is at most {MaxIdBytes} bytes.");
        }

        var enabled = (rule.TryGetProperty("status", out var status) ? VendorRoutes.JsonString(status, "status") : null) switch
        {
            "enabled" => true,
            "disabled" => false,
            _ => throw Invalid("A rule's status is \"enabled\" or \"disabled\"."),
        };

        if (!rule.TryGetProperty("filter", out var filter) || filter.ValueKind != JsonValueKind.Object || !filter.TryGetProperty("prefix", out var prefix))
        {
            throw Invalid("Each rule needs a filter with a prefix.");
        }

        if (rule.TryGetProperty("transition", out var transition) && transition.ValueKind != JsonValueKind.Null)
        {
            throw new DialectException(MultipartError.NotImplemented, "transition moves objects to another storage class; this service has one");
        }

        var expirationDays = Days(rule, "expiration", "days");
        var abortDays = Days(rule, "abort_incomplete_multipart_upload", "days_after_initiation");
        if (expirationDays is null == abortDays is null)
        {
            throw Invalid("A rule holds one action: expiration or abort_incomplete_multipart_upload.");
        }

        return new LifecycleRule
        {
            Id = id,
            Enabled = enabled,
            Filter = new LifecycleFilter { Prefix = VendorRoutes.JsonString(prefix, "prefix") },
            ExpirationDays = expirationDays,
            AbortIncompleteUploadDays = abortDays,
        };
    }

    /// <summary>The positive whole number of days in <c>rule[action][field]</c>, or null when the rule has no such action.</summary>
    private static int? Days(JsonElement rule, string action, string field)
    {
        if (!rule.TryGetProperty(action, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return element.ValueKind == JsonValueKind.Object && element.TryGetProperty(field, out var days)
            && days.ValueKind == JsonValueKind.Number && days.TryGetInt32(out var value) && value > 0
            ? value
            : throw Invalid($"{action}.{field} must be a positive integer.");
    }

    private static DialectException Invalid(string message) => new(MultipartError.MalformedRequest, message);
}
