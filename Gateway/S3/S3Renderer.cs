using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml;

namespace Orleans.Multipart.Gateway.S3;

/// <summary>The s3 dialect's renderer: results as S3's status codes, headers and XML documents (listings in <see cref="S3ListingRenderer"/> and <see cref="S3FamilyListings"/>).</summary>
internal sealed partial class S3Renderer
{
    private readonly S3Options _options;
    private readonly RenderingTable _renderings;

    public S3Renderer(S3Options options)
    {
        _options = options;

        // Each feature's rows (Features/<feature>/S3Renderer.<feature>.cs); any other success is 204 without a body.
        _renderings = new RenderingTable("s3",
        [
            .. EncryptionRenderings(), .. AccessRenderings(), .. BucketRenderings(), .. CorsRenderings(), .. ListingRenderings(), .. MultipartRenderings(), .. ObjectRenderings(),
            .. CopyRenderings(), .. ChecksumRenderings(), .. VersioningRenderings(),
            .. TaggingRenderings(),
            .. LifecycleRenderings(),
            Rendering.Of<Done>((context, _, _) => Empty(context.Response, 204, contentLength: false)),
        ]);
    }

    public Task RenderAsync(HttpContext context, Caller caller, OperationResult result)
    {
        EncryptionHeaders(context.Response, result);
        VersionHeaders(context.Response, result);
        return _renderings.RenderAsync(context, caller, result);
    }

    public static Task WriteErrorAsync(HttpContext context, ErrorDocument error) =>
        XmlDocumentWriter.WriteAsync(context, error.Status, new XmlErrorDocument(error), ns: null);

    /// <summary>
    /// An Owner or Initiator: ID is the account id (what grants and policies name, as S3's canonical id is);
    /// DisplayName the account's display name as ACL answers show it, read for the page before it is written (<see cref="S3OwnerNames"/>).
    /// </summary>
    internal static void WriteOwner(XmlWriter w, string element, string account, S3OwnerNames names) => w.Group(element, () =>
    {
        w.Element("ID", account);
        w.Element("DisplayName", names.DisplayNameOf(account));
    });

    /// <summary>The account a stored owner names: objects and uploads written before accounts (no owner) are root's.</summary>
    internal static string AccountOf(string? owner) => owner ?? AccountIds.Root;

    internal static string Quote(string etag) => "\"" + etag + "\"";

    private static Task Xml(HttpContext context, string root, Action<XmlWriter> body) => XmlDocumentWriter.WriteAsync(context, 200, root, S3Xml.Namespace, body);

    private static Task Empty(HttpResponse response, int status, bool contentLength = true)
    {
        response.StatusCode = status;
        if (contentLength)
        {
            response.ContentLength = 0;
        }

        return Task.CompletedTask;
    }

    private static Task Stored(HttpResponse response, string etag, BodyChecksum? checksum)
    {
        response.Headers.ETag = Quote(etag);
        if (checksum is not null)
        {
            response.Headers[checksum.HeaderName] = checksum.ToBase64();
        }

        return Empty(response, 200);
    }
}
