using System.Globalization;

namespace Orleans.Multipart.Gateway.S3;

/// <summary>The s3 dialect's object routes: PutObject, GetObject / HeadObject, DeleteObject, DeleteObjects.</summary>
internal sealed partial class S3Parser
{
    private IEnumerable<Route> ObjectRoutes() =>
    [
        Route.OnAsync(RouteScope.Bucket, HttpMethods.IsPost, r => r.Has("delete"), async r => await DeleteObjectsAsync(r.Context, r.Bucket)),
        Route.On(RouteScope.Object, HttpMethods.IsPut, Plain, r => PutObject(r.Request, r.Bucket, r.Key, r.Caller)),
        Route.On(RouteScope.Object, m => HttpMethods.IsGet(m) || HttpMethods.IsHead(m), Plain, r => GetObject(r.Request, r.Bucket, r.Key, r.Target)),
        Route.On(RouteScope.Object, HttpMethods.IsDelete, Plain, r => new DeleteObject(r.Bucket, r.Key)),
    ];

    private async Task<DeleteObjects> DeleteObjectsAsync(HttpContext context, string bucket)
    {
        var root = await RequestDocument.ReadXmlAsync(context, _limits);
        if (root.Name.LocalName != "Delete")
        {
            throw S3Errors.MalformedXml();
        }

        var quiet = string.Equals(root.Child("Quiet"), "true", StringComparison.OrdinalIgnoreCase);
        var objects = root.Children("Object").Select(o => (Key: o.Child("Key") ?? throw S3Errors.MalformedXml(), VersionId: o.Child("VersionId"))).ToList();
        return objects.Count is 0 or > 1000
            ? throw S3Errors.MalformedXml()
            : new DeleteObjects(bucket, objects.Select(o => o.Key).ToList(), quiet) { VersionIds = objects.Select(o => o.VersionId).ToList() };
    }

    private static GetObject GetObject(HttpRequest request, string bucket, string key, RequestTarget t)
    {
        int? partNumber = null;
        if (t.Get("partNumber") is { } partText)
        {
            partNumber = int.TryParse(partText, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= PartLimits.MaxPartNumber
                ? n
                : throw MultipartError.InvalidPartNumber.With(1, PartLimits.MaxPartNumber);
        }

        var headers = request.Headers;
        S3Encryption.RefuseWriteHeadersOnRead(headers);
        var preconditions = new ReadPreconditions(headers.IfMatch.ToString(), headers.IfNoneMatch.ToString(), headers.IfModifiedSince.ToString(), headers.IfUnmodifiedSince.ToString());
        var overrides = new ResponseOverrides(t.Get("response-content-type"), t.Get("response-cache-control"), t.Get("response-content-disposition"),
            t.Get("response-content-encoding"), t.Get("response-content-language"), t.Get("response-expires"));
        return new GetObject(bucket, key, HttpMethods.IsHead(request.Method), partNumber, headers.Range.ToString(), preconditions, overrides, ChecksumModeEnabled(request), S3Encryption.CustomerKey(headers));
    }
}
