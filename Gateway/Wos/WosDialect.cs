using System.Globalization;
using System.Xml;
using Orleans.Multipart.Gateway.Vendors;

namespace Orleans.Multipart.Gateway.Wos;

/// <summary>
/// ChinaNetCenter / Wangsu WOS (seed 002): path style <c>/bucket/key</c>, AWS-SigV2-style signatures
/// with x-wos- headers (<see cref="WosAuthenticator"/>), S3-shaped XML in the WOS namespace, Abort answered 200.
/// </summary>
internal sealed class WosDialect(ICredentialStore credentials, TimeProvider time, IOptions<GatewayOptions> gateway, IOptions<WosOptions> options) : IDialect
{
    private readonly WosAuthenticator _authenticator = new(credentials, time, gateway);

    public const string Namespace = "http://wcs.chinanetcenter.com/document";

    private static readonly VendorConventions Conventions = new()
    {
        SignatureParameters = WosAuthenticator.SignatureParameters,

        // WOS's S3-shaped sub-resources: served are uploads, uploadId and partNumber.
        SubResources = new HashSet<string>(StringComparer.Ordinal)
        {
            "acl", "cors", "delete", "lifecycle", "location", "logging", "notification", "partNumber", "policy", "restore", "tagging", "uploadId",
            "uploads", "versionId", "versioning", "versions", "website",
        },
    };

    private static readonly VendorStatuses Statuses = new(Aborted: 200);

    private readonly RequestDocumentLimits _documents = RequestDocumentLimits.From(gateway.Value);

    public string Name => DialectNames.Wos;

    public IReadOnlyList<string> VirtualHostSuffixes => options.Value.VirtualHostSuffixes;

    public DialectLimits Limits { get; } = new(BucketNameRules.Wos);

    public void StartResponse(HttpContext context, string requestId) => context.Response.Headers["x-wos-request-id"] = requestId;

    public Caller? Authenticate(HttpContext context, RequestTarget target) => _authenticator.Authenticate(context, target);

    private RouteTable? _routes;

    private RouteTable Routes => _routes ??= VendorRoutes.Table(Conventions, new VendorBinders(Limits, Settings, CompleteAsync, r => ListParts(r.Bucket, r.Key, r.Target), ListUploads), []);

    public ValueTask<Operation> ParseAsync(HttpContext context, RequestTarget t, Caller caller) => Routes.BindAsync(context, t, caller);

    private async Task<Operation> CompleteAsync(RouteRequest r) => new CompleteUpload(r.Bucket, r.Key, VendorRoutes.UploadId(r.Target, Conventions),
        VendorRoutes.ServiceNumbering(CompleteParts(await RequestDocument.ReadXmlAsync(r.Context, _documents)), Limits), new CompletionRules(gateway.Value.MinPartSize), WriteConditions.None);

    private static ListUploads ListUploads(RouteRequest r) => new(r.Bucket, new UploadListingRequest(r.Get("prefix") ?? "", VendorRoutes.NullIfEmpty(r.Get("delimiter")), VendorRoutes.NullIfEmpty(r.Get("key-marker")),
        VendorRoutes.NullIfEmpty(r.Get("upload-id-marker")), VendorRoutes.Limit(r.Get("max-uploads"), 1000, 1000, "max-uploads")));

    private RenderingTable? _renderings;

    /// <summary>This vendor's documents, then the answers the vendors give alike.</summary>
    private RenderingTable Renderings => _renderings ??= VendorRoutes.Renderings(new VendorSite(Name, Statuses),
    [
        Rendering.Of<UploadInitiated>((context, caller, i) => XmlDocumentWriter.WriteAsync(context, 200, new InitiateMultipartUploadResult(i.Operation.Bucket, i.Operation.Key, i.Upload.UploadId), Namespace, standalone: true)),
        Rendering.Of<UploadCompleted>((context, caller, c) => XmlDocumentWriter.WriteAsync(context, 200,
            new CompleteMultipartUploadResult(CompleteMultipartUploadResult.LocationOf(context.Request, c.Operation.Bucket, c.Operation.Key), c.Operation.Bucket, c.Operation.Key, c.Result.ETag), Namespace, standalone: true)),
        Rendering.Of<PartsListed>((context, caller, p) => Xml(context, 200, "ListPartsResult", w => S3FamilyListings.Parts(w, p, Owner))),

        // Undocumented by the vendor: the S3 shape in the WOS namespace.
        Rendering.Of<UploadsListed>((context, caller, u) => Xml(context, 200, "ListMultipartUploadsResult", w => S3FamilyListings.Uploads(w, u, Owner))),
    ]);

    public Task RenderAsync(HttpContext context, Caller caller, OperationResult result) => Renderings.RenderAsync(context, caller, result);

    /// <summary>S3's Error document; WOS adds no details.</summary>
    public Task WriteErrorAsync(HttpContext context, ErrorDocument error) =>
        XmlDocumentWriter.WriteAsync(context, error.Status, new XmlErrorDocument(error with { Details = new Dictionary<string, string>() }), ns: null, standalone: true);

    private static ObjectSettings Settings(HttpRequest request) => new() { ContentType = VendorRoutes.NullIfEmpty(request.ContentType) };

    private static IReadOnlyList<CompletePart> CompleteParts(System.Xml.Linq.XElement root)
    {
        if (root.Name.LocalName != "CompleteMultipartUpload")
        {
            throw new DialectException(MultipartError.MalformedDocument, "The root element must be CompleteMultipartUpload.");
        }

        return root.Children("Part").Select(p =>
            int.TryParse(p.Child("PartNumber"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && p.Child("ETag") is { } etag
                ? new CompletePart(n, etag)
                : throw new DialectException(MultipartError.MalformedDocument, "Each Part needs PartNumber and ETag.")).ToList();
    }

    private static ListParts ListParts(string bucket, string key, RequestTarget t)
    {
        var max = VendorRoutes.Limit(t.Get("max-parts"), 1000, 1000, "max-parts");
        return max < 1
            ? throw new DialectException(MultipartError.InvalidArgument, "max-parts must be between 1 and 1000.")
            : new ListParts(bucket, key, VendorRoutes.UploadId(t, Conventions), VendorRoutes.Limit(t.Get("part-number-marker"), 0, PartLimits.MaxPartNumber, "part-number-marker"), max);
    }

    /// <summary>WOS names the owner by one id (its account's; it has no separate display name).</summary>
    private static void Owner(XmlWriter w, string element, string account) => w.Group(element, () =>
    {
        w.Element("ID", account);
        w.Element("DisplayName", account);
    });

    private static Task Xml(HttpContext context, int status, string root, Action<XmlWriter> body) =>
        XmlDocumentWriter.WriteAsync(context, status, root, Namespace, body, standalone: true);
}
