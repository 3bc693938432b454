using System.Globalization;
using System.Xml.Linq;

namespace Orleans.Multipart.Gateway.S3;

internal sealed partial class S3Parser
{
    /// <summary>Dates S3 accepts in a rule (ISO 8601; the configuration check then wants midnight UTC).</summary>
    private static readonly string[] LifecycleDateFormats =
        ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd"];

    /// <summary>The s3 dialect's routes of the lifecycle feature: bucket lifecycle configuration (<c>?lifecycle</c>), in the dialects that document it.</summary>
    private IEnumerable<Route> LifecycleRoutes() =>
    [
        Route.OnAsync(RouteScope.Bucket, null, r => r.Has("lifecycle"), async r => await LifecycleAsync(r.Context, r.Bucket, r.Method)),
    ];

    /// <summary>PutBucketLifecycleConfiguration / GetBucketLifecycleConfiguration / DeleteBucketLifecycle on <c>/bucket?lifecycle</c>.</summary>
    private async Task<LifecycleOperation> LifecycleAsync(HttpContext context, string bucket, string method) => method switch
    {
        // 1,000 rules of a few hundred bytes each.
        _ when HttpMethods.IsPut(method) => new PutBucketLifecycle(bucket, LifecycleConfigurationOf(await RequestDocument.ReadXmlAsync(context, _limits with { MaxBytes = 1024 * 1024 }))),
        _ when HttpMethods.IsGet(method) => new GetBucketLifecycle(bucket),
        _ when HttpMethods.IsDelete(method) => new DeleteBucketLifecycle(bucket),
        _ => throw MultipartError.MethodNotAllowed.Error(),
    };

    /// <summary>
    /// A LifecycleConfiguration document as rules: MalformedXML for a document of the wrong shape (an unknown Status,
    /// both Filter and Prefix, a filter of two conditions outside And, a date or number that does not parse); the
    /// configuration check's InvalidArgument / InvalidRequest for rules S3 refuses; 501 for storage-class transitions,
    /// which a service of one storage class cannot perform.
    /// </summary>
    internal static LifecycleConfiguration LifecycleConfigurationOf(XElement root)
    {
        if (root.Name.LocalName != "LifecycleConfiguration")
        {
            throw S3Errors.MalformedXml();
        }

        var rules = root.Children("Rule").Select(LifecycleRuleOf).ToList();
        var configuration = new LifecycleConfiguration(rules);
        return configuration.Problem() is { } problem ? throw new DialectException(problem.Error, problem.Message) : configuration;
    }

    private static LifecycleRule LifecycleRuleOf(XElement rule)
    {
        var enabled = rule.Child("Status") switch
        {
            "Enabled" => true,
            "Disabled" => false,
            _ => throw S3Errors.MalformedXml(),
        };
        var legacyPrefix = rule.Child("Prefix");
        var filterElement = AtMostOne(rule, "Filter");
        if (legacyPrefix is not null && filterElement is not null)
        {
            throw S3Errors.MalformedXml();
        }

        var expiration = AtMostOne(rule, "Expiration");
        var abort = AtMostOne(rule, "AbortIncompleteMultipartUpload");
        var noncurrent = AtMostOne(rule, "NoncurrentVersionExpiration");
        foreach (var transition in rule.Children("Transition").Concat(rule.Children("NoncurrentVersionTransition")))
        {
            // A transition is refused below (501); a malformed one first gets S3's 400, as a client fixing it would need.
            if (LifecycleDate(transition.Child("Date")) is { } date && date.UtcTicks % TimeSpan.TicksPerDay != 0)
            {
                throw S3Errors.InvalidArgument("'Date' must be at midnight GMT");
            }

            _ = LifecycleInt(transition.Child("Days"));
            _ = LifecycleInt(transition.Child("NoncurrentDays"));
        }

        if (rule.Children("Transition").Any() || rule.Children("NoncurrentVersionTransition").Any())
        {
            throw S3Errors.NotImplemented("Transition moves objects to another storage class; this service has one");
        }

        return new LifecycleRule
        {
            // S3 names a rule without an ID itself.
            Id = rule.Child("ID") is { Length: > 0 } id ? id : Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()),
            Enabled = enabled,
            Filter = legacyPrefix is not null
                ? new LifecycleFilter { Prefix = legacyPrefix, Form = LifecycleFilterForm.LegacyPrefix }
                : filterElement is null ? new LifecycleFilter() : LifecycleFilterOf(filterElement),
            AbortIncompleteUploadDays = abort is null ? null : LifecycleInt(abort.Child("DaysAfterInitiation")) ?? throw S3Errors.MalformedXml(),
            ExpirationDays = expiration is null ? null : LifecycleInt(expiration.Child("Days")),
            ExpirationDate = expiration is null ? null : LifecycleDate(expiration.Child("Date")),
            ExpiredObjectDeleteMarker = expiration?.Child("ExpiredObjectDeleteMarker") switch
            {
                null => null,
                var flag when flag.Trim() == "true" => true,
                var flag when flag.Trim() == "false" => false,
                _ => throw S3Errors.MalformedXml(),
            },
            NoncurrentDays = noncurrent is null ? null : LifecycleInt(noncurrent.Child("NoncurrentDays")),
            NewerNoncurrentVersions = noncurrent is null ? null : LifecycleInt(noncurrent.Child("NewerNoncurrentVersions")),
        };
    }

    private static LifecycleFilter LifecycleFilterOf(XElement filter)
    {
        var and = AtMostOne(filter, "And");
        var conditions = filter.Elements().Count();
        if (and is not null ? conditions != 1 : conditions > 1)
        {
            throw S3Errors.MalformedXml(); // more than one condition outside And
        }

        var from = and ?? filter;
        return new LifecycleFilter
        {
            Prefix = from.Child("Prefix") ?? "",
            Tags = from.Children("Tag").Select(t => new Tag(t.Child("Key") ?? throw S3Errors.MalformedXml(), t.Child("Value") ?? "")).ToList(),
            ObjectSizeGreaterThan = LifecycleLong(from.Child("ObjectSizeGreaterThan")),
            ObjectSizeLessThan = LifecycleLong(from.Child("ObjectSizeLessThan")),
            Form = and is null ? LifecycleFilterForm.Filter : LifecycleFilterForm.And,
        };
    }

    /// <summary>The element's only child of that name, or null; MalformedXML when it has two.</summary>
    private static XElement? AtMostOne(XElement parent, string name) =>
        parent.Children(name).Take(2).ToList() switch
        {
            [] => null,
            [var one] => one,
            _ => throw S3Errors.MalformedXml(),
        };

    private static int? LifecycleInt(string? text) =>
        text is null ? null
        : int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value
        : throw S3Errors.MalformedXml();

    private static long? LifecycleLong(string? text) =>
        text is null ? null
        : long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value
        : throw S3Errors.MalformedXml();

    private static DateTimeOffset? LifecycleDate(string? text) =>
        text is null ? null
        : DateTimeOffset.TryParseExact(text.Trim(), LifecycleDateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date) ? date
        : throw S3Errors.MalformedXml();
}
