using System.Globalization;
using Orleans.Multipart.Gateway.Vendors;

namespace Orleans.Multipart.Gateway.QingStor;

/// <summary>
/// QingStor's two listings (qingstor-api-specs 2016-01-06, service.json and bucket.json): GET Service
/// (ListBuckets: <c>offset</c>, <c>limit</c> default 200; <c>{"count","buckets":[{"name","location","url","created"}]}</c>,
/// count the buckets in all) and GET Bucket (ListObjects: <c>prefix</c>, <c>delimiter</c>, <c>marker</c>, <c>limit</c>
/// default 200, at most 1000; <c>{"name","owner","prefix","delimiter","limit","marker","next_marker","has_more","keys","common_prefixes"}</c>,
/// next_marker empty on the last page, so the SDK's documented paging loop ends).
/// </summary>
internal static class QingStorListings
{
    private const int DefaultLimit = 200;
    private const int MaxObjectLimit = 1000;

    private static readonly HashSet<string> ListObjectsParameters = new(StringComparer.Ordinal) { "prefix", "delimiter", "marker", "limit" };

    /// <summary>GET on a bucket root whose query holds nothing but ListObjects' parameters (and a signed URL's).</summary>
    public static bool IsListObjects(string method, RequestTarget t, IReadOnlySet<string> signatureParameters) =>
        HttpMethods.IsGet(method) && t.Bucket is not null && t.Key.Length == 0
        && t.Query.All(p => ListObjectsParameters.Contains(p.Key) || signatureParameters.Contains(p.Key));

    public static ListObjects ListObjects(string bucket, RequestTarget t) => new(
        bucket,
        new ObjectListingRequest(t.Get("prefix") ?? "", VendorRoutes.NullIfEmpty(t.Get("delimiter")), VendorRoutes.NullIfEmpty(t.Get("marker")),
            VendorRoutes.Limit(t.Get("limit"), DefaultLimit, MaxObjectLimit, "limit")),
        ListingVersion.V1, UrlEncoding: false, ContinuationToken: null, StartAfter: null, FetchOwner: false);

    /// <summary>Every bucket is read and the page cut when rendering: the answer's count is the number of buckets in all.</summary>
    public static ListBuckets ListBuckets(RequestTarget t)
    {
        _ = BucketPage(t.Get);
        return new ListBuckets("", null, int.MaxValue, Paged: false);
    }

    public static Task RenderObjectsAsync(HttpContext context, ObjectsListed listed, QingStorOwner owner)
    {
        var (request, listing) = (listed.Operation.Request, listed.Listing);
        var keys = listing.Objects.Select(o => new QingStorKey(o.Key, o.ContentType ?? "application/octet-stream", "\"" + o.ETag + "\"", o.Size,
            o.LastModified.ToUnixTimeSeconds(), o.Encrypted, Iso(o.LastModified), o.StorageClass ?? "STANDARD")).ToList();
        var document = new QingStorObjectList(listed.Operation.Bucket, owner, request.Prefix, request.Delimiter ?? "", request.MaxKeys, request.StartAfter ?? "",
            listing.IsTruncated ? listing.NextMarker ?? "" : "", listing.IsTruncated, keys, listing.CommonPrefixes);
        return Documents.JsonDocumentWriter.WriteAsync(context, 200, document, QingStorJson.Wire.QingStorObjectList);
    }

    /// <summary>The one zone this service answers as: the first zone host's first label (pek3a of pek3a.qingstor.com); null when none is configured.</summary>
    public static string? Zone(IReadOnlyList<string> zoneHosts) => zoneHosts.Count > 0 ? zoneHosts[0].Split('.')[0] : null;

    /// <param name="zoneHosts">The configured zone hosts (<c>Gateway:QingStor:VirtualHostSuffixes</c>); the first names the zone.</param>
    public static Task RenderBucketsAsync(HttpContext context, BucketsListed listed, IReadOnlyList<string> zoneHosts)
    {
        var request = context.Request;
        var (offset, limit) = BucketPage(name => request.Query.TryGetValue(name, out var v) ? v.ToString() : null);
        var zone = Zone(zoneHosts) ?? "";
        var host = request.Host.Host;
        var port = request.Host.Port is { } p ? ":" + p.ToString(CultureInfo.InvariantCulture) : "";

        // Virtual-host URLs when the request came to a zone host (its buckets resolve under it), path style otherwise (an address).
        var virtualHosted = zoneHosts.Any(z => host.Equals(z, StringComparison.OrdinalIgnoreCase));
        var buckets = listed.Buckets.Skip(offset).Take(limit).Select(b => new QingStorBucket(b.Name, zone,
            virtualHosted ? $"{request.Scheme}://{b.Name}.{host}{port}" : $"{request.Scheme}://{host}{port}/{b.Name}", Iso(b.Created))).ToList();
        return Documents.JsonDocumentWriter.WriteAsync(context, 200, new QingStorBucketList(listed.Buckets.Count, buckets), QingStorJson.Wire.QingStorBucketList);
    }

    private static (int Offset, int Limit) BucketPage(Func<string, string?> get) =>
        (VendorRoutes.Limit(get("offset"), 0, int.MaxValue, "offset"), VendorRoutes.Limit(get("limit"), DefaultLimit, MaxObjectLimit, "limit"));

    private static string Iso(DateTimeOffset when) => when.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
