using System.Globalization;

namespace Orleans.Multipart.Gateway.S3;

/// <summary>The s3 dialect's listing routes: ListObjectVersions, ListObjectsV2, ListObjects.</summary>
internal sealed partial class S3Parser
{
    private static IEnumerable<Route> ListingRoutes() =>
    [
        Route.On(RouteScope.Bucket, HttpMethods.IsGet, r => r.Has("versions"), r => ListVersions(r.Bucket, r.Target)),
        Route.On(RouteScope.Bucket, HttpMethods.IsGet, r => r.Get("list-type") == "2", r => ListObjects(r.Bucket, r.Target, ListingVersion.V2)),
        Route.On(RouteScope.Bucket, HttpMethods.IsGet, Plain, r => ListObjects(r.Bucket, r.Target, ListingVersion.V1)),
    ];

    private static ListObjects ListObjects(string bucket, RequestTarget t, ListingVersion version)
    {
        var v2 = version == ListingVersion.V2;
        var token = v2 ? t.Get("continuation-token") : null;
        var start = v2
            ? token is not null ? S3ContinuationToken.Decode(token) : NullIfEmpty(t.Get("start-after"))
            : NullIfEmpty(t.Get("marker"));
        var request = new ObjectListingRequest(t.Get("prefix") ?? "", NullIfEmpty(t.Get("delimiter")), start, ParseInt(t.Get("max-keys"), 1000, 0, 1000, "max-keys"));
        return new ListObjects(bucket, request, version, UrlEncoding(t), token, NullIfEmpty(t.Get("start-after")), !v2 || t.Get("fetch-owner") == "true");
    }

    private static ListObjectVersions ListVersions(string bucket, RequestTarget t) => new(
        bucket,
        new ObjectListingRequest(t.Get("prefix") ?? "", NullIfEmpty(t.Get("delimiter")), NullIfEmpty(t.Get("key-marker")), ParseInt(t.Get("max-keys"), 1000, 0, 1000, "max-keys")),
        UrlEncoding(t),
        t.Get("version-id-marker") ?? "");
}
