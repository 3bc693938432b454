using System.Globalization;

namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>
/// The condition keys a bucket policy may test, as S3 sets them for a request: <c>s3:x-amz-acl</c> (the
/// canned ACL header), and for listings <c>s3:prefix</c>, <c>s3:delimiter</c> and <c>s3:max-keys</c>
/// (ListObjects; ListMultipartUploads has no max-keys); for a write that tags what it creates,
/// <c>s3:RequestObjectTag/&lt;key&gt;</c> for each tag. <c>aws:SourceIp</c> is the request's own field.
/// </summary>
internal static class AccessConditions
{
    public const string Prefix = "s3:prefix";
    public const string Delimiter = "s3:delimiter";
    public const string MaxKeys = "s3:max-keys";
    public const string CannedAcl = "s3:x-amz-acl";
    public const string RequestObjectTag = "s3:RequestObjectTag/";

    public static IReadOnlyDictionary<string, string> Of(HttpRequest request, Operation operation)
    {
        var conditions = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (request.Headers["x-amz-acl"].ToString() is { Length: > 0 } acl)
        {
            conditions[CannedAcl] = acl;
        }

        switch (operation)
        {
            case ListObjects list:
                Listing(conditions, list.Request.Prefix, list.Request.Delimiter, list.Request.MaxKeys);
                break;
            case ListObjectVersions versions:
                Listing(conditions, versions.Request.Prefix, versions.Request.Delimiter, versions.Request.MaxKeys);
                break;
            case ListUploads uploads:
                Listing(conditions, uploads.Request.Prefix, uploads.Request.Delimiter, null);
                break;
            case PutObject { Settings.Tags: { } tags }:
                RequestTags(conditions, tags);
                break;
            case InitiateUpload { Settings.Tags: { } tags }:
                RequestTags(conditions, tags);
                break;
            case CopyObject { Source: { ReplaceTags: true, Tags: { } tags } }:
                RequestTags(conditions, tags);
                break;
            case PutObjectTagging put:
                RequestTags(conditions, put.Tags);
                break;
        }

        return conditions;
    }

    private static void RequestTags(Dictionary<string, string> conditions, TagSet tags)
    {
        foreach (var tag in tags.Tags)
        {
            conditions[RequestObjectTag + tag.Key] = tag.Value;
        }
    }

    private static void Listing(Dictionary<string, string> conditions, string prefix, string? delimiter, int? maxKeys)
    {
        // S3 sets s3:prefix on every listing, empty when none was sent (a policy's StringEquals "" matches it).
        conditions[Prefix] = prefix;
        if (delimiter is not null)
        {
            conditions[Delimiter] = delimiter;
        }

        if (maxKeys is { } max)
        {
            conditions[MaxKeys] = max.ToString(CultureInfo.InvariantCulture);
        }
    }
}
