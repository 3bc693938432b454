using System.Globalization;
using Orleans.Multipart.Gateway.Vendors;

namespace Orleans.Multipart.Gateway.Cdcs;

/// <summary>
/// Tencent Cloud CDCS (seed 000): path style <c>/&lt;CofferName-APPID&gt;/&lt;key&gt;</c>, q-sign
/// signatures (<see cref="CdcsAuthenticator"/>), JSON documents, coffers with the exclusive rule
/// (Initiate answers 409 while the object exists or an upload is open), Complete with consecutive
/// parts of at least 1 MiB.
/// </summary>
internal sealed class CdcsDialect(ICredentialStore credentials, TimeProvider time, IOptions<GatewayOptions> gateway, IOptions<CdcsOptions> options) : IDialect
{
    private readonly CdcsAuthenticator _authenticator = new(credentials, time);

    private static readonly VendorConventions Conventions = new()
    {
        NewBucketRule = BucketRule.Exclusive,

        // COS's sub-resources (CDCS is COS's dedicated-cluster edition): served are uploads, uploadId and partNumber.
        SubResources = new HashSet<string>(StringComparer.Ordinal)
        {
            "accelerate", "acl", "append", "cors", "domain", "encryption", "intelligenttiering", "inventory", "lifecycle", "logging", "object-lock",
            "origin", "partNumber", "policy", "referer", "replication", "restore", "select", "tagging", "uploadId", "uploads", "versionId", "versioning",
            "versions", "website",
        },
    };

    private static readonly VendorStatuses Statuses = new();

    /// <summary>"Parts of at least 1 MB": read as 1 MiB (1,048,576 bytes), the larger reading.</summary>
    private static readonly CompletionRules Rules = new(1024 * 1024, RequireConsecutive: true);

    private readonly RequestDocumentLimits _documents = RequestDocumentLimits.From(gateway.Value);

    public string Name => DialectNames.Cdcs;

    public IReadOnlyList<string> VirtualHostSuffixes => [];

    public DialectLimits Limits { get; } = new(BucketNameRules.Cdcs);

    public void StartResponse(HttpContext context, string requestId)
    {
        context.Response.Headers["x-cdcs-request-id"] = requestId;
        context.Response.Headers.Server = "tencent-cdcs";
    }

    public Caller? Authenticate(HttpContext context, RequestTarget target) => _authenticator.Authenticate(context, target);

    private RouteTable? _routes;

    private RouteTable Routes => _routes ??= VendorRoutes.Table(Conventions, new VendorBinders(Limits, Settings, CompleteAsync, ListParts, ListUploads), []);

    public ValueTask<Operation> ParseAsync(HttpContext context, RequestTarget t, Caller caller) => Routes.BindAsync(context, t, caller);

    private async Task<Operation> CompleteAsync(RouteRequest r) => new CompleteUpload(r.Bucket, r.Key, VendorRoutes.UploadId(r.Target, Conventions),
        VendorRoutes.ServiceNumbering(VendorRoutes.JsonPartList(await RequestDocument.ReadJsonAsync(r.Context, _documents), "Part", "PartNumber", "ETag"), Limits), Rules, WriteConditions.None);

    private static ListParts ListParts(RouteRequest r) => new(r.Bucket, r.Key, VendorRoutes.UploadId(r.Target, Conventions),
        VendorRoutes.Limit(r.Get("part-number-marker"), 0, PartLimits.MaxPartNumber, "part-number-marker"), VendorRoutes.Limit(r.Get("max-parts"), 1000, 1000, "max-parts"));

    private static ListUploads ListUploads(RouteRequest r) =>
        new(r.Bucket, new UploadListingRequest(r.Get("prefix") ?? "", null, null, r.Get("upload-id-marker"), VendorRoutes.Limit(r.Get("max-uploads"), 1000, 1000, "max-uploads"), UploadIdMarkerAlone: true), r.Get("encoding-type"));

    private RenderingTable? _renderings;

    /// <summary>This vendor's documents, then the answers the vendors give alike.</summary>
    private RenderingTable Renderings => _renderings ??= VendorRoutes.Renderings(new VendorSite(Name, Statuses, options.Value.Region),
    [
        Rendering.Of<UploadInitiated>((context, caller, i) => Json(context, new CdcsInitiated(i.Operation.Bucket, i.Operation.Key, i.Upload.UploadId), CdcsJson.Wire.CdcsInitiated)),
        Rendering.Of<UploadCompleted>((context, caller, c) => Json(context, new CdcsCompleted(new CdcsLocations([options.Value.Region]), c.Operation.Bucket, c.Operation.Key, "\"" + c.Result.ETag + "\""), CdcsJson.Wire.CdcsCompleted)),
        Rendering.Of<PartsListed>((context, caller, p) => Json(context, new CdcsPartList(p.Operation.Bucket, p.Operation.Key, p.Operation.UploadId, Owner(p.Upload.Settings.Owner), Owner(p.Upload.Settings.Owner), p.Operation.Marker, p.Page.IsTruncated, p.Page.NextPartNumberMarker, p.Operation.MaxParts,
            p.Page.Parts.Select(part => new CdcsPart(part.PartNumber, Iso(part.LastModified), "\"" + part.ETag + "\"", part.Size)).ToList()), CdcsJson.Wire.CdcsPartList)),
        Rendering.Of<UploadsListed>((context, caller, u) => Json(context, new CdcsUploadList(u.Operation.Bucket, u.Operation.EncodingType ?? "", u.Operation.Request.UploadIdMarker ?? "", u.Listing.IsTruncated, u.Listing.NextUploadIdMarker ?? "",
            u.Operation.Request.Prefix, u.Operation.Request.MaxUploads, u.Listing.Uploads.Select(up => new CdcsUpload(up.Key, up.UploadId, Owner(up.Owner), Owner(up.Owner), Iso(up.Initiated))).ToList()), CdcsJson.Wire.CdcsUploadList)),
    ]);

    public Task RenderAsync(HttpContext context, Caller caller, OperationResult result) => Renderings.RenderAsync(context, caller, result);

    public Task WriteErrorAsync(HttpContext context, ErrorDocument error)
    {
        var traceId = Convert.ToBase64String(Guid.NewGuid().ToByteArray());
        context.Response.Headers["x-cdcs-trace-id"] = traceId;
        return Json(context, new CdcsError(error.Code, error.Message, error.Resource, error.RequestId, traceId), CdcsJson.Wire.CdcsError, error.Status);
    }

    private static ObjectSettings Settings(HttpRequest request) => new() { ContentType = VendorRoutes.NullIfEmpty(request.ContentType) };

    private static Task Json<T>(HttpContext context, T document, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, int status = 200) =>
        JsonDocumentWriter.WriteAsync(context, status, document, type);

    /// <summary>CDCS names an owner as a CAM principal (<c>qcs::cam::uin/&lt;owner&gt;:uin/&lt;sub-account&gt;</c>): here the initiating account for both (root's for uploads from before accounts).</summary>
    private static CdcsOwner Owner(string? owner)
    {
        var account = owner ?? AccountIds.Root;
        return new($"qcs::cam::uin/{account}:uin/{account}", account);
    }

    private static string Iso(DateTimeOffset when) => when.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
