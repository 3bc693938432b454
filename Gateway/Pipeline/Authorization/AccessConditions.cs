using System.Globalization;

namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>
/// The condition keys a bucket policy may test, as S3 sets them for a request: the request headers S3 names
/// as keys (<c>s3:x-amz-acl</c>, <c>s3:x-amz-grant-*</c>, <c>s3:x-amz-server-side-encryption</c> and its
/// customer-algorithm, <c>s3:x-amz-metadata-directive</c>, <c>s3:x-amz-storage-class</c>,
/// <c>s3:x-amz-content-sha256</c>) when the request carries them, <c>s3:x-amz-copy-source</c> of a copy
/// (<c>bucket/key</c>, decoded, as S3's examples write it), <c>aws:Referer</c> and <c>aws:UserAgent</c>, and
/// for listings <c>s3:prefix</c>, <c>s3:delimiter</c> and <c>s3:max-keys</c>
/// (ListObjects; ListMultipartUploads has no max-keys); for a write that tags what it creates,
/// <c>s3:RequestObjectTag/&lt;key&gt;</c> for each tag. <c>aws:SourceIp</c> is the request's own field.
/// </summary>
internal static class AccessConditions
{
    public const string Prefix = "s3:prefix";
    public const string Delimiter = "s3:delimiter";
    public const string MaxKeys = "s3:max-keys";
    public const string RequestObjectTag = "s3:RequestObjectTag/";

    public const string CopySource = "s3:x-amz-copy-source";

    // Request headers that are condition keys of their own name (s3:<header>), present only when sent: a policy's
    // "Null": {"s3:x-amz-server-side-encryption": "true"} refuses a write that asks for no encryption, as in S3.
    private static readonly string[] HeaderKeys =
    [
        "x-amz-acl", "x-amz-grant-read", "x-amz-grant-write", "x-amz-grant-read-acp", "x-amz-grant-write-acp", "x-amz-grant-full-control",
        "x-amz-server-side-encryption", "x-amz-server-side-encryption-customer-algorithm", "x-amz-metadata-directive",
        "x-amz-storage-class", "x-amz-content-sha256",
    ];

    public static IReadOnlyDictionary<string, string> Of(HttpRequest request, Operation operation)
    {
        var conditions = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in HeaderKeys)
        {
            if (request.Headers[header].ToString() is { Length: > 0 } value)
            {
                conditions["s3:" + header] = value;
            }
        }

        if (request.Headers.Referer.ToString() is { Length: > 0 } referer)
        {
            conditions["aws:Referer"] = referer;
        }

        if (request.Headers.UserAgent.ToString() is { Length: > 0 } userAgent)
        {
            conditions["aws:UserAgent"] = userAgent;
        }

        switch (operation)
        {
            case CopyObject copy:
                conditions[CopySource] = copy.Source.Bucket + "/" + copy.Source.Key;
                if (copy.Source is { ReplaceTags: true, Tags: { } copyTags })
                {
                    RequestTags(conditions, copyTags);
                }

                break;
            case UploadPartCopy partCopy:
                conditions[CopySource] = partCopy.Source.Bucket + "/" + partCopy.Source.Key;
                break;
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
