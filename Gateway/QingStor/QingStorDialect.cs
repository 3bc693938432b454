using System.Globalization;
using System.Text.Json.Serialization.Metadata;
using Orleans.Multipart.Gateway.Vendors;

namespace Orleans.Multipart.Gateway.QingStor;

/// <summary>
/// QingStor (seed 003): <c>&lt;bucket&gt;.&lt;zone&gt;.&lt;domain&gt;</c> and path style, <c>QS</c>
/// HMAC-SHA256 signatures (<see cref="QingStorAuthenticator"/>), JSON, 0-based part numbers, 201 on
/// UploadPart and Complete, parts of at least 4 MiB but the last, bucket ACLs and policies,
/// ListBuckets and ListObjects (<see cref="QingStorListings"/>), ranged reads with the stored headers (<see cref="QingStorObjectHeaders"/>).
/// </summary>
internal sealed class QingStorDialect(ICredentialStore credentials, TimeProvider time, IOptions<GatewayOptions> gateway, IOptions<QingStorOptions> options) : ICorsDialect
{
    private readonly QingStorAuthenticator _authenticator = new(credentials, time, gateway);

    private static readonly VendorConventions Conventions = new()
    {
        UploadIdParameter = "upload_id",
        PartNumberParameter = "part_number",
        SignatureParameters = QingStorAuthenticator.SignatureParameters,

        // QingStor's signed sub-resources (dialects.md): served are uploads, upload_id, part_number, and acl, policy, cors and lifecycle on a bucket.
        SubResources = new HashSet<string>(StringComparer.Ordinal)
        {
            "acl", "append", "cname", "cors", "delete", "image", "lifecycle", "logging", "mirror", "notification", "part_number", "policy", "position",
            "replication", "stats", "upload_id", "uploads", "version_id", "versioning", "versions",
        },
    };

    private static readonly VendorStatuses Statuses = new(Stored: 201);

    /// <summary>"4 MB" read as 4 MiB.</summary>
    private static readonly CompletionRules Rules = new(4L * 1024 * 1024);

    private readonly RequestDocumentLimits _documents = RequestDocumentLimits.From(gateway.Value);

    public string Name => DialectNames.QingStor;

    public IReadOnlyList<string> VirtualHostSuffixes => options.Value.VirtualHostSuffixes;

    public DialectLimits Limits { get; } = new(BucketNameRules.QingStor, FirstPartNumber: 0);

    public void StartResponse(HttpContext context, string requestId)
    {
        context.Response.Headers["X-QS-Request-ID"] = requestId;
        context.Response.Headers.Server = "QingStor";
    }

    public Caller? Authenticate(HttpContext context, RequestTarget target) => _authenticator.Authenticate(context, target);

    private RouteTable? _routes;

    /// <summary>QingStor's own rows (ListBuckets, the bucket ACL and policy, ListObjects, CORS, lifecycle; in their feature folders) before the vendors' shared shape.</summary>
    private RouteTable Routes => _routes ??= VendorRoutes.Table(Conventions, new VendorBinders(Limits, QingStorObjectHeaders.Settings, CompleteAsync, ListParts, ListUploads, ReadRange: true),
    [
        Route.On(RouteScope.Service, HttpMethods.IsGet, null, r => QingStorListings.ListBuckets(r.Target)),
        Route.On(RouteScope.Bucket, HttpMethods.IsGet, r => r.Has("acl"), r => new GetBucketAcl(r.Bucket)),
        Route.OnAsync(RouteScope.Bucket, HttpMethods.IsPut, r => r.Has("acl"), async r => QingStorBucketAcl.Parse(r.Bucket, await RequestDocument.ReadJsonAsync(r.Context, _documents))),
        Route.OnAsync(RouteScope.Bucket, null, r => r.Has("policy"), r => QingStorBucketPolicy.ParseAsync(r.Context, r.Bucket, _documents)),
        Route.On(RouteScope.Bucket, null, r => QingStorListings.IsListObjects(r.Method, r.Target, Conventions.SignatureParameters), r => QingStorListings.ListObjects(r.Bucket, r.Target)),
        Route.OnAsync(RouteScope.Bucket, null, r => r.Has("cors"), async r => await QingStorCors.ParseAsync(r.Context, r.Bucket, _documents)),
        Route.OnAsync(RouteScope.Bucket, null, r => r.Has("lifecycle"), async r => await QingStorLifecycle.ParseAsync(r.Context, r.Bucket, _documents)),
    ]);

    public ValueTask<Operation> ParseAsync(HttpContext context, RequestTarget t, Caller caller) => Routes.BindAsync(context, t, caller);

    private async Task<Operation> CompleteAsync(RouteRequest r) => new CompleteUpload(r.Bucket, r.Key, VendorRoutes.UploadId(r.Target, Conventions),
        VendorRoutes.ServiceNumbering(VendorRoutes.JsonPartList(await RequestDocument.ReadJsonAsync(r.Context, _documents), "object_parts", "part_number", "etag"), Limits), CompletionRules(r.Request), WriteConditions.None);

    private static ListParts ListParts(RouteRequest r) => new(r.Bucket, r.Key, VendorRoutes.UploadId(r.Target, Conventions),
        r.Get("part_number_marker") is { } m ? VendorRoutes.Limit(m, 0, PartLimits.MaxPartNumber - 1, "part_number_marker") + 1 : 0, VendorRoutes.Limit(r.Get("limit"), 1000, 1000, "limit"));

    private static ListUploads ListUploads(RouteRequest r) => new(r.Bucket, new UploadListingRequest(r.Get("prefix") ?? "", VendorRoutes.NullIfEmpty(r.Get("delimiter")), VendorRoutes.NullIfEmpty(r.Get("key_marker")),
        VendorRoutes.NullIfEmpty(r.Get("upload_id_marker")), VendorRoutes.Limit(r.Get("limit"), 200, 1000, "limit")));

    private RenderingTable? _renderings;

    /// <summary>QingStor's documents (its feature folders' too: ACL, listings, object headers, CORS), then the answers the vendors give alike.</summary>
    private RenderingTable Renderings => _renderings ??= VendorRoutes.Renderings(new VendorSite(Name, Statuses, QingStorListings.Zone(VirtualHostSuffixes)),
    [
        Rendering.Of<UploadInitiated>((context, _, i) => Json(context, new QingStorInitiated(i.Upload.UploadId, i.Operation.Bucket, i.Operation.Key), QingStorJson.Wire.QingStorInitiated)),
        Rendering.Of<UploadCompleted>((context, _, c) =>
        {
            context.Response.StatusCode = 201;
            context.Response.Headers.ETag = "\"" + c.Result.ETag + "\"";
            context.Response.ContentLength = 0;
            return Task.CompletedTask;
        }),
        Rendering.Of<PartsListed>((context, _, p) => Json(context, new QingStorPartList(p.Page.Parts.Count, p.Page.Parts.Select(part => new QingStorPart(part.PartNumber - 1, part.Size, "\"" + part.ETag + "\"", Iso(part.LastModified))).ToList()),
            QingStorJson.Wire.QingStorPartList)),
        Rendering.Of<UploadsListed>((context, _, u) =>
        {
            var (request, listing) = (u.Operation.Request, u.Listing);
            return Json(context, new QingStorUploadList(u.Operation.Bucket, listing.Uploads.Select(up => new QingStorUpload(up.Key, up.UploadId, Iso(up.Initiated))).ToList(),
                request.Prefix, request.Delimiter ?? "", request.MaxUploads, request.KeyMarker ?? "", listing.NextKeyMarker ?? "", listing.NextUploadIdMarker ?? "", listing.IsTruncated, listing.CommonPrefixes),
                QingStorJson.Wire.QingStorUploadList);
        }),
        Rendering.Of<AclDescribed>((context, _, described) => Json(context, QingStorBucketAcl.Describe(described.Acl), QingStorJson.Wire.QingStorAcl)),
        Rendering.Of<PolicyDescribed>((context, _, described) => QingStorBucketPolicy.RenderAsync(context, described)),
        Rendering.Of<Done>((context, _, done) => QingStorBucketPolicy.RenderAsync(context, done), done => done.Operation is PutBucketPolicy or DeleteBucketPolicy),
        Rendering.Of<ObjectsListed>((context, _, listed) => QingStorListings.RenderObjectsAsync(context, listed, QingStorBucketAcl.Owner)),
        Rendering.Of<BucketsListed>((context, _, listed) => QingStorListings.RenderBucketsAsync(context, listed, VirtualHostSuffixes)),
        Rendering.Of<ObjectRead>((context, _, read) => QingStorObjectHeaders.RenderAsync(context, read)),
        Rendering.Of<CorsDescribed>((context, _, described) => QingStorCors.RenderAsync(context, described)),
        Rendering.Of<Done>((context, _, done) => QingStorCors.RenderAsync(context, done), done => done.Operation is PutBucketCors or DeleteBucketCors),
        Rendering.Of<LifecycleDescribed>((context, _, described) => QingStorLifecycle.RenderAsync(context, described)),
        Rendering.Of<Done>((context, _, done) => QingStorLifecycle.RenderAsync(context, done), done => done.Operation is PutBucketLifecycle or DeleteBucketLifecycle),
    ]);

    public Task RenderAsync(HttpContext context, Caller caller, OperationResult result) => Renderings.RenderAsync(context, caller, result);

    public Task WriteErrorAsync(HttpContext context, ErrorDocument error) =>
        Json(context, new QingStorError(error.Code, error.Message, error.RequestId, $"https://docs.qingcloud.com/qingstor/api/common/error_code.html#{error.Code}"), QingStorJson.Wire.QingStorError, error.Status);

    /// <summary>An <c>ETag</c> request header on Complete names the object's ETag.</summary>
    private static CompletionRules CompletionRules(HttpRequest request) =>
        request.Headers.ETag.ToString().Trim().Trim('"') is { Length: > 0 } etag ? Rules with { ObjectETag = etag } : Rules;

    private static Task Json<T>(HttpContext context, T document, JsonTypeInfo<T> type, int status = 200) => JsonDocumentWriter.WriteAsync(context, status, document, type);

    private static string Iso(DateTimeOffset when) => when.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
