using Microsoft.Net.Http.Headers;

namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>RFC 9110's order of the If-* checks on a read, as S3 applies them (dates to the second, by Microsoft.Net.Http.Headers).</summary>
internal static class ReadPreconditionsEvaluation
{
    /// <summary>412 or 304, or null to serve the object.</summary>
    public static int? Evaluate(this ReadPreconditions conditions, ObjectManifest manifest)
    {
        var etag = manifest.ETag;
        var modified = manifest.LastModified;
        if (conditions.IfMatch is { Length: > 0 } ifMatch)
        {
            if (!ETagListMatches(ifMatch, etag))
            {
                return 412;
            }
        }
        else if (Date(conditions.IfUnmodifiedSince) is { } unmodifiedSince && modified > unmodifiedSince.AddSeconds(1))
        {
            return 412;
        }

        if (conditions.IfNoneMatch is { Length: > 0 } ifNoneMatch)
        {
            return ETagListMatches(ifNoneMatch, etag) ? 304 : null;
        }

        return Date(conditions.IfModifiedSince) is { } modifiedSince && modified < modifiedSince.AddSeconds(1) ? 304 : null;
    }

    private static DateTimeOffset? Date(string? header) =>
        header is { Length: > 0 } && HeaderUtilities.TryParseDate(header, out var when) ? when : null;

    /// <summary>Clients send ETags quoted and unquoted, so the list is matched leniently (EntityTagHeaderValue would refuse the unquoted).</summary>
    private static bool ETagListMatches(string header, string etag) =>
        header.Split(',', StringSplitOptions.TrimEntries).Any(v => v == "*" || v.Trim('"') == etag);
}
