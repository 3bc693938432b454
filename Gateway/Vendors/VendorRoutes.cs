using System.Globalization;
using System.Text.Json;

namespace Orleans.Multipart.Gateway.Vendors;

/// <summary>
/// The vendor dialects' shared request shape: which operation a method and query name, and the
/// operations every vendor spells the same way. A vendor's parser reads the rest (settings, documents,
/// listing parameters) itself.
/// </summary>
public static class VendorRoutes
{
    public static VendorRoute Route(string method, RequestTarget t, VendorConventions conventions)
    {
        if (t.Bucket is null)
        {
            throw MultipartError.MethodNotAllowed.Error();
        }

        var plain = t.Query.All(q => conventions.SignatureParameters.Contains(q.Key));
        if (t.Key.Length == 0)
        {
            return method switch
            {
                _ when HttpMethods.IsGet(method) && t.Has("uploads") => VendorRoute.ListUploads,
                _ when HttpMethods.IsPut(method) && plain => VendorRoute.CreateBucket,
                _ when HttpMethods.IsDelete(method) && plain => VendorRoute.DeleteBucket,
                _ when HttpMethods.IsHead(method) => VendorRoute.HeadBucket,
                _ => throw NotServed(method, t, conventions, "a bucket"),
            };
        }

        var uploadId = t.Get(conventions.UploadIdParameter);
        return method switch
        {
            _ when HttpMethods.IsPost(method) && t.Has("uploads") => VendorRoute.InitiateUpload,
            _ when HttpMethods.IsPut(method) && (uploadId is not null || t.Get(conventions.PartNumberParameter) is not null) => VendorRoute.UploadPart,
            _ when HttpMethods.IsPost(method) && uploadId is not null => VendorRoute.CompleteUpload,
            _ when HttpMethods.IsDelete(method) && uploadId is not null => VendorRoute.AbortUpload,
            _ when HttpMethods.IsGet(method) && uploadId is not null => VendorRoute.ListParts,
            _ when HttpMethods.IsPut(method) && plain => VendorRoute.PutObject,
            _ when (HttpMethods.IsGet(method) || HttpMethods.IsHead(method)) && plain => VendorRoute.GetObject,
            _ when HttpMethods.IsDelete(method) && plain => VendorRoute.DeleteObject,
            _ => throw NotServed(method, t, conventions, "an object"),
        };
    }

    /// <summary>
    /// 501 NotImplemented naming what the request asks for: the vendor's sub-resources in its query
    /// (<see cref="VendorConventions.SubResources"/>), else its other parameters, else the bare method.
    /// </summary>
    public static DialectException NotServed(string method, RequestTarget t, VendorConventions conventions, string target)
    {
        var parameters = t.Query.Select(q => q.Key).Where(k => !conventions.SignatureParameters.Contains(k)).Distinct().ToList();
        var named = parameters.Where(conventions.SubResources.Contains).ToList();
        var what = named.Count > 0 ? string.Join(", ", named.Select(n => $"?{n}"))
            : parameters.Count > 0 ? "?" + string.Join('&', parameters)
            : "no parameters";
        return Errors.NotServed($"{method} on {target} with {what}");
    }

    /// <summary>The operations every vendor spells alike (with its own <paramref name="settings"/> headers); null for the ones its parser reads itself (Complete, the listings).</summary>
    public static Operation? Common(VendorRoute route, HttpRequest request, RequestTarget t, VendorConventions conventions, DialectLimits limits, Func<HttpRequest, ObjectSettings> settings)
    {
        var bucket = t.Bucket!;
        return route switch
        {
            VendorRoute.CreateBucket => new CreateBucket(bucket, conventions.NewBucketRule),
            VendorRoute.InitiateUpload => new InitiateUpload(bucket, t.Key, settings(request)),
            VendorRoute.PutObject => CopyOrMoveHeader(request) is { } copy
                ? throw Errors.NotServed($"{copy} (copying or moving objects)")
                : new PutObject(bucket, t.Key, PlainBody.Instance, settings(request), WriteConditions.None),
            VendorRoute.DeleteBucket => new DeleteBucket(bucket),
            VendorRoute.HeadBucket => new HeadBucket(bucket),
            VendorRoute.UploadPart => UploadPart(bucket, t, conventions, limits),
            VendorRoute.AbortUpload => new AbortUpload(bucket, t.Key, UploadId(t, conventions)),
            VendorRoute.GetObject => new GetObject(bucket, t.Key, HttpMethods.IsHead(request.Method)),
            VendorRoute.DeleteObject => new DeleteObject(bucket, t.Key),
            _ => null,
        };
    }

    /// <summary>
    /// A copy or move header (QingStor's x-qs-copy-source / x-qs-move-source, the S3-style x-*-copy-source):
    /// no vendor dialect documents a copy here, and a PUT that carries one must not store its empty body as the object.
    /// </summary>
    private static string? CopyOrMoveHeader(HttpRequest request) => request.Headers.Keys.FirstOrDefault(h =>
        h.EndsWith("-copy-source", StringComparison.OrdinalIgnoreCase) || h.EndsWith("-move-source", StringComparison.OrdinalIgnoreCase));

    public static string UploadId(RequestTarget t, VendorConventions conventions) => t.Get(conventions.UploadIdParameter) ?? "";

    /// <summary>A Complete's parts, wire numbers turned into the service's; NoPartsListed when there are none.</summary>
    public static IReadOnlyList<CompletePart> ServiceNumbering(IReadOnlyList<CompletePart> parts, DialectLimits limits) => parts.Count == 0
        ? throw MultipartError.NoPartsListed.Error()
        : parts.Select(p => p with { PartNumber = p.PartNumber - limits.FirstPartNumber + 1 }).ToList();

    /// <summary>Parses a JSON part list such as {"Part":[{"PartNumber":1,"ETag":"..."}]} (the names vary by vendor; the ETag may be absent).</summary>
    public static IReadOnlyList<CompletePart> JsonPartList(JsonElement root, string listName, string numberName, string etagName)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(listName, out var list) || list.ValueKind != JsonValueKind.Array)
        {
            throw new DialectException(MultipartError.MalformedDocument, $"The body must be {{\"{listName}\":[{{\"{numberName}\":1,\"{etagName}\":\"...\"}}]}}.");
        }

        return list.EnumerateArray().Select(p =>
        {
            if (p.ValueKind != JsonValueKind.Object || !p.TryGetProperty(numberName, out var n) || n.ValueKind != JsonValueKind.Number || !n.TryGetInt32(out var number))
            {
                throw new DialectException(MultipartError.MalformedDocument, $"Each entry of {listName} needs an integer {numberName}.");
            }

            var etag = p.TryGetProperty(etagName, out var e) && e.ValueKind != JsonValueKind.Null ? JsonString(e, etagName) : null;
            return new CompletePart(number, etag);
        }).ToList();
    }

    /// <summary>A JSON string's text; any other type, or a string that is not UTF-8, is MalformedDocument (System.Text.Json throws InvalidOperationException there).</summary>
    public static string JsonString(JsonElement value, string name)
    {
        try
        {
            return value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new InvalidOperationException();
        }
        catch (InvalidOperationException)
        {
            throw new DialectException(MultipartError.MalformedDocument, $"{name} must be a string.");
        }
    }

    /// <summary>A count parameter (max-parts, limit, ...): <paramref name="fallback"/> when absent, capped at <paramref name="max"/>.</summary>
    public static int Limit(string? value, int fallback, int max, string name)
    {
        if (value is null)
        {
            return fallback;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
            ? Math.Min(parsed, max)
            : throw new DialectException(MultipartError.InvalidArgument, $"{name} must be a non-negative integer.");
    }

    public static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static UploadPart UploadPart(string bucket, RequestTarget t, VendorConventions conventions, DialectLimits limits)
    {
        var uploadId = t.Get(conventions.UploadIdParameter);
        var partText = t.Get(conventions.PartNumberParameter);
        if (string.IsNullOrEmpty(uploadId) || partText is null)
        {
            throw new DialectException(MultipartError.InvalidArgument, $"UploadPart needs both {conventions.PartNumberParameter} and {conventions.UploadIdParameter}.");
        }

        return new UploadPart(bucket, t.Key, uploadId, limits.ServicePartNumber(partText), PlainBody.Instance);
    }
}
