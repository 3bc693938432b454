using System.Globalization;
using System.Text.Json.Serialization.Metadata;
using Orleans.Multipart.Gateway.Vendors;

namespace Orleans.Multipart.Gateway.QingStor;

/// <summary>
/// QingStor (seed 003): <c>&lt;bucket&gt;.&lt;zone&gt;.&lt;domain&gt;</c> and path style, <c>QS</c>
/// HMAC-SHA256 signatures (<see cref="QingStorAuthenticator"/>), JSON, 0-based part numbers, 201 on
/// UploadPart and Complete, parts of at least 4 MiB but the last, bucket ACLs that open a bucket to anonymous writes,
/// ListBuckets and ListObjects (<see cref="QingStorListings"/>), ranged reads with the stored headers (<see cref="QingStorObjectHeaders"/>).
/// </summary>
public sealed class QingStorDialect(ICredentialStore credentials, TimeProvider time, IOptions<GatewayOptions> gateway, IOptions<QingStorOptions> options) : ICorsDialect
{
    private readonly QingStorAuthenticator _authenticator = new(credentials, time, gateway);

    private static readonly VendorConventions Conventions = new()
    {
        UploadIdParameter = "upload_id",
        PartNumberParameter = "part_number",
        SignatureParameters = QingStorAuthenticator.SignatureParameters,

        // QingStor's signed sub-resources (dialects.md): served are uploads, upload_id, part_number, and acl and cors on a bucket.
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

    public async Task<Operation> ParseAsync(HttpContext context, RequestTarget t, Caller caller)
    {
        var method = context.Request.Method;
        if (t.Bucket is null && HttpMethods.IsGet(method))
        {
            return QingStorListings.ListBuckets(t);
        }

        if (t.Bucket is { } aclBucket && t.Key.Length == 0 && t.Has("acl") && (HttpMethods.IsGet(method) || HttpMethods.IsPut(method)))
        {
            return HttpMethods.IsGet(method) ? new GetBucketAcl(aclBucket) : QingStorBucketAcl.Parse(aclBucket, await RequestDocument.ReadJsonAsync(context, _documents));
        }

        if (QingStorListings.IsListObjects(method, t, Conventions.SignatureParameters))
        {
            return QingStorListings.ListObjects(t.Bucket!, t);
        }

        if (t.Bucket is { } corsBucket && t.Key.Length == 0 && t.Has("cors"))
        {
            return await QingStorCors.ParseAsync(context, corsBucket, _documents);
        }

        var route = VendorRoutes.Route(method, t, Conventions);
        return VendorRoutes.Common(route, context.Request, t, Conventions, Limits, QingStorObjectHeaders.Settings) switch
        {
            // The documented Range header (one byte range; an unsatisfiable one is 416 invalid_range).
            GetObject get => get with { Range = VendorRoutes.NullIfEmpty(context.Request.Headers.Range.ToString()) },
            { } common => common,
            null => await ParseOwnAsync(context, t, route),
        };
    }

    /// <summary>The shared routes each vendor reads itself: Complete, ListParts, ListMultipartUploads.</summary>
    private async Task<Operation> ParseOwnAsync(HttpContext context, RequestTarget t, VendorRoute route)
    {
        var (bucket, key) = (t.Bucket!, t.Key);
        return route switch
        {
            VendorRoute.CompleteUpload => new CompleteUpload(bucket, key, VendorRoutes.UploadId(t, Conventions),
                VendorRoutes.ServiceNumbering(VendorRoutes.JsonPartList(await RequestDocument.ReadJsonAsync(context, _documents), "object_parts", "part_number", "etag"), Limits), CompletionRules(context.Request), WriteConditions.None),
            VendorRoute.ListParts => new ListParts(bucket, key, VendorRoutes.UploadId(t, Conventions),
                t.Get("part_number_marker") is { } m ? VendorRoutes.Limit(m, 0, PartLimits.MaxPartNumber - 1, "part_number_marker") + 1 : 0, VendorRoutes.Limit(t.Get("limit"), 1000, 1000, "limit")),
            _ => new ListUploads(bucket, new UploadListingRequest(t.Get("prefix") ?? "", VendorRoutes.NullIfEmpty(t.Get("delimiter")), VendorRoutes.NullIfEmpty(t.Get("key_marker")),
                VendorRoutes.NullIfEmpty(t.Get("upload_id_marker")), VendorRoutes.Limit(t.Get("limit"), 200, 1000, "limit"))),
        };
    }

    public Task RenderAsync(HttpContext context, Caller caller, OperationResult result)
    {
        switch (result)
        {
            case UploadInitiated i:
                return Json(context, new QingStorInitiated(i.Upload.UploadId, i.Operation.Bucket, i.Operation.Key), QingStorJson.Wire.QingStorInitiated);
            case UploadCompleted c:
                context.Response.StatusCode = 201;
                context.Response.Headers.ETag = "\"" + c.Result.ETag + "\"";
                context.Response.ContentLength = 0;
                return Task.CompletedTask;
            case PartsListed p:
                return Json(context, new QingStorPartList(p.Page.Parts.Count, p.Page.Parts.Select(part => new QingStorPart(part.PartNumber - 1, part.Size, "\"" + part.ETag + "\"", Iso(part.LastModified))).ToList()),
                    QingStorJson.Wire.QingStorPartList);
            case UploadsListed u:
                var (request, listing) = (u.Operation.Request, u.Listing);
                return Json(context, new QingStorUploadList(u.Operation.Bucket, listing.Uploads.Select(up => new QingStorUpload(up.Key, up.UploadId, Iso(up.Initiated))).ToList(),
                    request.Prefix, request.Delimiter ?? "", request.MaxUploads, request.KeyMarker ?? "", listing.NextKeyMarker ?? "", listing.NextUploadIdMarker ?? "", listing.IsTruncated, listing.CommonPrefixes),
                    QingStorJson.Wire.QingStorUploadList);
            case BucketDescribed { Operation: GetBucketAcl, Bucket: var info }:
                return Json(context, QingStorBucketAcl.Describe(info), QingStorJson.Wire.QingStorAcl);
            case ObjectsListed listed:
                return QingStorListings.RenderObjectsAsync(context, listed, QingStorBucketAcl.Owner);
            case BucketsListed listed:
                return QingStorListings.RenderBucketsAsync(context, listed, VirtualHostSuffixes);
            case ObjectRead read:
                return QingStorObjectHeaders.RenderAsync(context, read);
            case CorsDescribed or Done { Operation: PutBucketCors or DeleteBucketCors }:
                return QingStorCors.RenderAsync(context, result);
            default:
                return VendorResponses.RenderAsync(context, result, Statuses);
        }
    }

    public Task WriteErrorAsync(HttpContext context, ErrorDocument error) =>
        Json(context, new QingStorError(error.Code, error.Message, error.RequestId, $"https://docs.qingcloud.com/qingstor/api/common/error_code.html#{error.Code}"), QingStorJson.Wire.QingStorError, error.Status);

    /// <summary>An <c>ETag</c> request header on Complete names the object's ETag.</summary>
    private static CompletionRules CompletionRules(HttpRequest request) =>
        request.Headers.ETag.ToString().Trim().Trim('"') is { Length: > 0 } etag ? Rules with { ObjectETag = etag } : Rules;

    private static Task Json<T>(HttpContext context, T document, JsonTypeInfo<T> type, int status = 200) => JsonDocumentWriter.WriteAsync(context, status, document, type);

    private static string Iso(DateTimeOffset when) => when.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
