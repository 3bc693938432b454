namespace Orleans.Multipart.Gateway.Vendors;

/// <summary>
/// The multipart routes of the vendors' shared shape (their upload-id and part-number parameters named by
/// <see cref="VendorConventions"/>); Complete and the listings are read by each vendor's <see cref="VendorBinders"/>.
/// </summary>
internal static partial class VendorRoutes
{
    private static IEnumerable<Route> MultipartRoutes(VendorConventions conventions, VendorBinders binders)
    {
        bool Upload(RouteRequest r) => r.Get(conventions.UploadIdParameter) is not null;
        return
        [
            Route.On(RouteScope.Bucket, HttpMethods.IsGet, r => r.Has("uploads"), binders.ListUploads),
            Route.On(RouteScope.Object, HttpMethods.IsPost, r => r.Has("uploads"), r => new InitiateUpload(r.Bucket, r.Key, binders.Settings(r.Request))),
            Route.On(RouteScope.Object, HttpMethods.IsPut, r => Upload(r) || r.Get(conventions.PartNumberParameter) is not null, r => UploadPart(r, conventions, binders.Limits)),
            Route.OnAsync(RouteScope.Object, HttpMethods.IsPost, Upload, binders.CompleteAsync),
            Route.On(RouteScope.Object, HttpMethods.IsDelete, Upload, r => new AbortUpload(r.Bucket, r.Key, UploadId(r.Target, conventions))),
            Route.On(RouteScope.Object, HttpMethods.IsGet, Upload, binders.ListParts),
        ];
    }

    private static UploadPart UploadPart(RouteRequest r, VendorConventions conventions, DialectLimits limits)
    {
        var uploadId = r.Get(conventions.UploadIdParameter);
        var partText = r.Get(conventions.PartNumberParameter);
        if (string.IsNullOrEmpty(uploadId) || partText is null)
        {
            throw new DialectException(MultipartError.InvalidArgument, $"UploadPart needs both {conventions.PartNumberParameter} and {conventions.UploadIdParameter}.");
        }

        return new UploadPart(r.Bucket, r.Key, uploadId, limits.ServicePartNumber(partText), PlainBody.Instance);
    }

    /// <summary>The multipart answers the vendors give alike: Abort with no body (200 or 204), a part's ETag (200 or 201).</summary>
    private static IEnumerable<Rendering> MultipartRenderings(VendorSite site) =>
    [
        Rendering.Of<Done>((context, _, _) => VendorSite.Empty(context.Response, site.Statuses.Aborted), done => done.Operation is AbortUpload),
        Rendering.Of<PartStored>((context, _, stored) =>
        {
            context.Response.Headers.ETag = "\"" + stored.Blob.Md5Hex + "\"";
            return VendorSite.Empty(context.Response, site.Statuses.Stored);
        }),
    ];
}
