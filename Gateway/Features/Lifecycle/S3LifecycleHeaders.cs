using System.Globalization;

namespace Orleans.Multipart.Gateway.S3;

/// <summary>
/// The s3 dialect's lifecycle headers: <c>x-amz-expiration</c> on PutObject, GetObject and HeadObject when a rule
/// expires the object, and <c>x-amz-abort-date</c> / <c>x-amz-abort-rule-id</c> on CreateMultipartUpload and ListParts
/// when a rule aborts the upload. The dates are the calendar ones S3 names (midnight UTC after the days have passed),
/// also when the test-only day length (<c>Multipart:LifecycleDayLength</c>) makes the sweep act sooner.
/// </summary>
internal static class S3LifecycleHeaders
{
    /// <summary>Adds the headers <paramref name="result"/> calls for; a bucket whose rules cannot be read now gets none (the request itself succeeded).</summary>
    public static async Task AddAsync(HttpResponse response, OperationResult result, LifecycleRuleCache cache)
    {
        var bucket = result switch
        {
            ObjectStored stored => stored.Manifest.Bucket,
            ObjectRead read => read.Manifest.Bucket,
            UploadInitiated initiated => initiated.Upload.Bucket,
            PartsListed listed => listed.Upload.Bucket,
            _ => null,
        };
        if (bucket is null)
        {
            return;
        }

        LifecycleConfiguration? rules;
        try
        {
            rules = await cache.GetAsync(bucket);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return;
        }

        if (rules is null)
        {
            return;
        }

        var day = LifecycleConfiguration.CalendarDay;
        switch (result)
        {
            case ObjectStored { Manifest: var m }:
                Expiration(response, rules.ObjectExpiry(m.Key, m.Size, m.Settings.Tags, m.LastModified, day));
                break;
            case ObjectRead { Manifest: var m }:
                Expiration(response, rules.ObjectExpiry(m.Key, m.Size, m.Settings.Tags, m.LastModified, day));
                break;
            case UploadInitiated { Upload: var u }:
                Abort(response, rules.UploadAbort(u.Key, u.Initiated, day));
                break;
            case PartsListed { Upload: var u }:
                Abort(response, rules.UploadAbort(u.Key, u.Initiated, day));
                break;
        }
    }

    private static void Expiration(HttpResponse response, LifecycleDue? due)
    {
        if (due is not null)
        {
            response.Headers["x-amz-expiration"] = $"expiry-date=\"{HttpDate(due.At)}\", rule-id=\"{due.RuleId}\"";
        }
    }

    private static void Abort(HttpResponse response, LifecycleDue? due)
    {
        if (due is not null)
        {
            response.Headers["x-amz-abort-date"] = HttpDate(due.At);
            response.Headers["x-amz-abort-rule-id"] = due.RuleId;
        }
    }

    private static string HttpDate(DateTimeOffset at) => at.ToUniversalTime().ToString("r", CultureInfo.InvariantCulture);
}
