using System.Globalization;
using System.Text.Json.Serialization.Metadata;
using Orleans.Multipart.Gateway.Vendors;

namespace Orleans.Multipart.Gateway.Jss;

/// <summary>
/// JD Cloud JSS, legacy (seed 004): <c>&lt;bucket&gt;.s.&lt;domain&gt;</c> and path style,
/// <c>jingdong</c> signatures (<see cref="JssAuthenticator"/>), JSON, x-jss-storage-class and
/// x-jss-server-side-encryption (parts encrypted at rest); listings answer everything in one document.
/// </summary>
internal sealed class JssDialect(ICredentialStore credentials, TimeProvider time, IOptions<GatewayOptions> gateway, IOptions<JssOptions> options) : IDialect
{
    private readonly JssAuthenticator _authenticator = new(credentials, time, gateway);

    private static readonly VendorConventions Conventions = new()
    {
        // JSS's signable sub-resources (dialects.md): served are uploads, uploadId and partNumber.
        SubResources = new HashSet<string>(StringComparer.Ordinal)
        {
            "acl", "lifecycle", "location", "logging", "partNumber", "policy", "uploadId", "uploads", "versionId", "versioning", "versions", "website",
        },
    };

    private static readonly VendorStatuses Statuses = new();

    private readonly RequestDocumentLimits _documents = RequestDocumentLimits.From(gateway.Value);

    public string Name => DialectNames.Jss;

    public IReadOnlyList<string> VirtualHostSuffixes => options.Value.VirtualHostSuffixes;

    public DialectLimits Limits { get; } = new(BucketNameRules.Jss);

    public void StartResponse(HttpContext context, string requestId)
    {
        context.Response.Headers["x-jss-request-id"] = requestId;
        context.Response.Headers["X-Trace"] = $"200-{time.GetUtcNow().ToUnixTimeMilliseconds()}-0-0-0-0-0";
    }

    public Caller? Authenticate(HttpContext context, RequestTarget target) => _authenticator.Authenticate(context, target);

    private RouteTable? _routes;

    private RouteTable Routes => _routes ??= VendorRoutes.Table(Conventions, new VendorBinders(Limits, Settings, CompleteAsync, r => ListEveryPart(r.Bucket, r.Key, r.Target), ListUploads), []);

    public ValueTask<Operation> ParseAsync(HttpContext context, RequestTarget t, Caller caller) => Routes.BindAsync(context, t, caller);

    /// <summary>Undocumented by the vendor: S3's rule (5 MiB but the last).</summary>
    private async Task<Operation> CompleteAsync(RouteRequest r) => new CompleteUpload(r.Bucket, r.Key, VendorRoutes.UploadId(r.Target, Conventions),
        VendorRoutes.ServiceNumbering(VendorRoutes.JsonPartList(await RequestDocument.ReadJsonAsync(r.Context, _documents), "Part", "PartNumber", "ETag"), Limits), new CompletionRules(gateway.Value.MinPartSize), WriteConditions.None);

    /// <summary>JSS lists every part, and every upload, in one answer (no paging documented).</summary>
    private static ListUploads ListUploads(RouteRequest r) => new(r.Bucket, new UploadListingRequest(r.Get("prefix") ?? ""), AllPagesUpTo: VendorRoutes.Limit(r.Get("max-uploads"), 1000, 10_000, "max-uploads"));

    /// <summary>
    /// ListParts answers every part, so S3's paging parameters change nothing; one that is sent must still
    /// be a number in range (400 InvalidArgument), as every other dialect answers.
    /// </summary>
    private static ListParts ListEveryPart(string bucket, string key, RequestTarget t)
    {
        _ = VendorRoutes.Limit(t.Get("max-parts"), 1000, 1000, "max-parts");
        _ = VendorRoutes.Limit(t.Get("part-number-marker"), 0, PartLimits.MaxPartNumber, "part-number-marker");
        return new ListParts(bucket, key, VendorRoutes.UploadId(t, Conventions), 0, 1000, AllPages: true);
    }

    private RenderingTable? _renderings;

    /// <summary>This vendor's documents, then the answers the vendors give alike.</summary>
    private RenderingTable Renderings => _renderings ??= VendorRoutes.Renderings(new VendorSite(Name, Statuses),
    [
        Rendering.Of<UploadInitiated>((context, caller, i) => Json(context, new JssInitiated(i.Operation.Bucket, i.Operation.Key, i.Upload.UploadId), JssJson.Wire.JssInitiated)),
        Rendering.Of<UploadCompleted>((context, caller, c) => Json(context, new JssCompleted(c.Operation.Bucket, c.Operation.Key, "\"" + c.Result.ETag + "\""), JssJson.Wire.JssCompleted)),
        Rendering.Of<PartsListed>((context, caller, p) => Json(context, new JssPartList(p.Operation.Bucket, p.Operation.Key, p.Operation.UploadId,
            p.Page.Parts.Select(part => new JssPart(part.PartNumber, Http(part.LastModified), "\"" + part.ETag + "\"", part.Size)).ToList(), p.Upload.Settings.StorageClass ?? "STANDARD"), JssJson.Wire.JssPartList)),
        Rendering.Of<UploadsListed>((context, caller, u) => Json(context, new JssUploadList(u.Operation.Bucket, u.Operation.Request.Prefix,
            u.Listing.Uploads.Select(up => new JssUpload(up.Key, up.UploadId, Http(up.Initiated), up.Encrypted, null, up.StorageClass ?? "STANDARD")).ToList()), JssJson.Wire.JssUploadList)),
    ]);

    public Task RenderAsync(HttpContext context, Caller caller, OperationResult result) => Renderings.RenderAsync(context, caller, result);

    public Task WriteErrorAsync(HttpContext context, ErrorDocument error) =>
        Json(context, new JssError(error.Code, error.Message, error.Resource, error.RequestId), JssJson.Wire.JssError, error.Status);

    private static ObjectSettings Settings(HttpRequest request)
    {
        var storageClass = request.Headers["x-jss-storage-class"].ToString().Trim();
        if (storageClass.Length > 0 && storageClass is not ("STANDARD" or "REDUCED_REDUNDANCY"))
        {
            throw new DialectException(MultipartError.InvalidStorageClass, "x-jss-storage-class must be STANDARD or REDUCED_REDUNDANCY.");
        }

        var encryption = request.Headers["x-jss-server-side-encryption"].ToString().Trim();
        if (encryption.Length > 0 && encryption is not ("true" or "false"))
        {
            throw new DialectException(MultipartError.InvalidArgument, "x-jss-server-side-encryption must be true or false.");
        }

        return new ObjectSettings { ContentType = VendorRoutes.NullIfEmpty(request.ContentType), StorageClass = VendorRoutes.NullIfEmpty(storageClass), Encrypted = encryption == "true" };
    }

    private static Task Json<T>(HttpContext context, T document, JsonTypeInfo<T> type, int status = 200) => JsonDocumentWriter.WriteAsync(context, status, document, type);

    private static string Http(DateTimeOffset when) => when.ToString("r", CultureInfo.InvariantCulture);
}
