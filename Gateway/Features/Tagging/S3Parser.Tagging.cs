using System.Xml.Linq;

namespace Orleans.Multipart.Gateway.S3;

/// <summary>
/// The s3 dialect's tagging routes: Put/Get/DeleteObjectTagging and Put/Get/DeleteBucketTagging (<c>?tagging</c>, a
/// Tagging XML document), and the <c>x-amz-tagging</c> header of the writes that create an object (PutObject,
/// CreateMultipartUpload, CopyObject with <c>x-amz-tagging-directive: REPLACE</c>) and POST Object's <c>tagging</c> field.
/// </summary>
internal sealed partial class S3Parser
{
    /// <summary>The header that tags an object as it is written, as URL-encoded query parameters (<c>k1=v1&amp;k2</c>).</summary>
    internal const string TaggingHeader = "x-amz-tagging";

    /// <summary>A Tagging document holds at most 50 tags of at most 384 characters: 64 KiB is ample, and bounds what is read.</summary>
    private const int MaxTaggingBytes = 64 * 1024;

    private IEnumerable<Route> TaggingRoutes() =>
    [
        Route.OnAsync(RouteScope.Object, HttpMethods.IsPut, r => r.Has("tagging"), async r => new PutObjectTagging(r.Bucket, r.Key, await TagSetOfAsync(r.Context, TagSet.MaxObjectTags)) { VersionId = NamedVersion(r) }),
        Route.On(RouteScope.Object, HttpMethods.IsGet, r => r.Has("tagging"), r => new GetObjectTagging(r.Bucket, r.Key) { VersionId = NamedVersion(r) }),
        Route.On(RouteScope.Object, HttpMethods.IsDelete, r => r.Has("tagging"), r => new DeleteObjectTagging(r.Bucket, r.Key) { VersionId = NamedVersion(r) }),
        Route.OnAsync(RouteScope.Bucket, HttpMethods.IsPut, r => r.Has("tagging"), async r => new PutBucketTagging(r.Bucket, await TagSetOfAsync(r.Context, TagSet.MaxBucketTags))),
        Route.On(RouteScope.Bucket, HttpMethods.IsGet, r => r.Has("tagging"), r => new GetBucketTagging(r.Bucket)),
        Route.On(RouteScope.Bucket, HttpMethods.IsDelete, r => r.Has("tagging"), r => new DeleteBucketTagging(r.Bucket)),
    ];

    private async Task<TagSet> TagSetOfAsync(HttpContext context, int maxTags) =>
        TagSetOf(await RequestDocument.ReadXmlAsync(context, _limits with { MaxBytes = MaxTaggingBytes }), maxTags);

    /// <summary>
    /// A Tagging document (<c>&lt;Tagging&gt;&lt;TagSet&gt;&lt;Tag&gt;&lt;Key/&gt;&lt;Value/&gt;&lt;/Tag&gt;...</c>) as a tag set:
    /// MalformedXML for a document of another shape (a Tag without its Key or Value), InvalidTag for tags S3 refuses.
    /// Keys and values are taken as written (S3 does not trim them).
    /// </summary>
    internal static TagSet TagSetOf(XElement root, int maxTags)
    {
        if (root.Name.LocalName != "Tagging" || root.Children("TagSet").ToList() is not [var set])
        {
            throw S3Errors.MalformedXml();
        }

        var tags = set.Children("Tag").Select(tag =>
            tag.Children("Key").ToList() is [var key] && tag.Children("Value").ToList() is [var value]
                ? new Tag(key.Value, value.Value)
                : throw S3Errors.MalformedXml()).ToList();
        return TagSet.ToWrite(tags, maxTags);
    }

    /// <summary>
    /// The tags an <c>x-amz-tagging</c> header asks for (null when it is absent or empty): URL-encoded query parameters,
    /// <c>key=value</c> or a bare <c>key</c> for an empty value, '+' a space as in any query form. InvalidArgument for a
    /// key given twice or text that is not URL-encoded UTF-8 (AWS's wording), InvalidTag for tags S3 refuses.
    /// </summary>
    internal static TagSet? TagSetOfHeader(string? header)
    {
        if (string.IsNullOrEmpty(header))
        {
            return null;
        }

        var tags = new List<Tag>();
        foreach (var pair in header.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            tags.Add(eq < 0 ? new Tag(HeaderText(pair), "") : new Tag(HeaderText(pair[..eq]), HeaderText(pair[(eq + 1)..])));
        }

        if (tags.Select(t => t.Key).Distinct(StringComparer.Ordinal).Count() != tags.Count)
        {
            throw BadTaggingHeader();
        }

        return TagSet.ToWrite(tags, TagSet.MaxObjectTags);
    }

    private static string HeaderText(string encoded)
    {
        try
        {
            return RequestTarget.DecodeStrict(encoded.Replace('+', ' '));
        }
        catch (MalformedUriException)
        {
            throw BadTaggingHeader();
        }
    }

    private static DialectException BadTaggingHeader() =>
        S3Errors.InvalidArgument("The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates.");
}
