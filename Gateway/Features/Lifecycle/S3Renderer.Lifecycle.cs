using System.Globalization;
using System.Xml;

namespace Orleans.Multipart.Gateway.S3;

internal sealed partial class S3Renderer
{
    private static IEnumerable<Rendering> LifecycleRenderings() =>
    [
        Rendering.Of<LifecycleDescribed>((context, _, described) => described.Configuration is { } configuration
            ? Xml(context, "LifecycleConfiguration", w => LifecycleRules(w, configuration))
            : throw MultipartError.NoSuchLifecycleConfiguration.Error()),

        // PutBucketLifecycleConfiguration answers 200 without a body; DeleteBucketLifecycle the default 204.
        Rendering.Of<Done>((context, _, _) => Empty(context.Response, 200), done => done.Operation is PutBucketLifecycle),
    ];

    /// <summary>The rules in the element order of S3's GetBucketLifecycleConfiguration response syntax, each filter in the form it was written.</summary>
    internal static void LifecycleRules(XmlWriter w, LifecycleConfiguration configuration)
    {
        foreach (var rule in configuration.Rules)
        {
            w.Group("Rule", () =>
            {
                if (rule.ExpiresObjects || rule.ExpiredObjectDeleteMarker is not null)
                {
                    w.Group("Expiration", () =>
                    {
                        if (rule.ExpirationDate is { } date)
                        {
                            w.Element("Date", date.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'.000Z'", CultureInfo.InvariantCulture));
                        }

                        if (rule.ExpirationDays is { } days)
                        {
                            w.Element("Days", days);
                        }

                        if (rule.ExpiredObjectDeleteMarker is { } marker)
                        {
                            w.Element("ExpiredObjectDeleteMarker", marker);
                        }
                    });
                }

                w.Element("ID", rule.Id);
                LifecycleFilter(w, rule.Filter);
                w.Element("Status", rule.Enabled ? "Enabled" : "Disabled");
                if (rule.NoncurrentDays is not null || rule.NewerNoncurrentVersions is not null)
                {
                    w.Group("NoncurrentVersionExpiration", () =>
                    {
                        if (rule.NoncurrentDays is { } noncurrentDays)
                        {
                            w.Element("NoncurrentDays", noncurrentDays);
                        }

                        if (rule.NewerNoncurrentVersions is { } newer)
                        {
                            w.Element("NewerNoncurrentVersions", newer);
                        }
                    });
                }

                if (rule.AbortIncompleteUploadDays is { } abortDays)
                {
                    w.Group("AbortIncompleteMultipartUpload", () => w.Element("DaysAfterInitiation", abortDays));
                }
            });
        }
    }

    private static void LifecycleFilter(XmlWriter w, LifecycleFilter filter)
    {
        if (filter.Form == LifecycleFilterForm.LegacyPrefix)
        {
            w.Element("Prefix", filter.Prefix);
            return;
        }

        w.Group("Filter", () =>
        {
            if (filter.Form == LifecycleFilterForm.And)
            {
                w.Group("And", () => LifecycleConditions(w, filter));
            }
            else
            {
                LifecycleConditions(w, filter);
            }
        });
    }

    private static void LifecycleConditions(XmlWriter w, LifecycleFilter filter)
    {
        if (filter.Prefix.Length > 0 || (filter.Form == LifecycleFilterForm.Filter && filter.Tags.Count == 0 && filter.ObjectSizeGreaterThan is null && filter.ObjectSizeLessThan is null))
        {
            // A filter of no condition is answered as S3 does, with an empty Prefix.
            w.Element("Prefix", filter.Prefix);
        }

        foreach (var tag in filter.Tags)
        {
            w.Group("Tag", () =>
            {
                w.Element("Key", tag.Key);
                w.Element("Value", tag.Value);
            });
        }

        if (filter.ObjectSizeGreaterThan is { } greater)
        {
            w.Element("ObjectSizeGreaterThan", greater);
        }

        if (filter.ObjectSizeLessThan is { } less)
        {
            w.Element("ObjectSizeLessThan", less);
        }
    }
}
