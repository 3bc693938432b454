using System.Globalization;
using System.Text.Json;

namespace Orleans.Multipart.Gateway.Vendors;

/// <summary>
/// The vendor dialects' shared request shape: which operation a method and query name, and the
/// operations every vendor spells the same way. A vendor's parser reads the rest (settings, documents,
/// listing parameters) itself.
/// </summary>
internal static partial class VendorRoutes
{
    /// <summary>
    /// The vendor's route table: its own rows first (<paramref name="own"/>: what only it serves, in its feature files),
    /// then the shape every vendor shares (the bucket, multipart and object features' vendor rows), then the one
    /// "not served" answer.
    /// </summary>
    public static RouteTable Table(VendorConventions conventions, VendorBinders binders, IEnumerable<Route> own) => new(
        [.. own, .. BucketRoutes(conventions), .. MultipartRoutes(conventions, binders), .. ObjectRoutes(conventions, binders)],
        (request, scope) => scope == RouteScope.Service
            ? MultipartError.MethodNotAllowed.Error()
            : NotServed(request.Method, request.Target, conventions, scope == RouteScope.Bucket ? "a bucket" : "an object"));

    /// <summary>
    /// The vendor's rendering table: its own rows first (<paramref name="own"/>: its documents), then the answers the
    /// vendors give alike (the bucket, multipart and object features' vendor rows; a bare Done last: 204).
    /// </summary>
    public static RenderingTable Renderings(VendorSite site, IEnumerable<Rendering> own) =>
        new(site.Dialect, [.. own, .. BucketRenderings(site), .. MultipartRenderings(site), .. ObjectRenderings(site)]);

    /// <summary>True when the query carries nothing but a signature: the plain operation of the method.</summary>
    internal static bool Plain(RouteRequest request, VendorConventions conventions) => request.Target.Query.All(q => conventions.SignatureParameters.Contains(q.Key));

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

    /// <summary>
    /// A copy or move header (QingStor's x-qs-copy-source / x-qs-move-source, the S3-style x-*-copy-source):
    /// no vendor dialect documents a copy here, and a PUT that carries one must not store its empty body as the object.
    /// </summary>
    internal static string? CopyOrMoveHeader(HttpRequest request) => request.Headers.Keys.FirstOrDefault(h =>
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
}
