namespace Orleans.Multipart.Gateway.Vendors;

/// <summary>The object routes of the vendors' shared shape: PutObject (no copy), GetObject / HeadObject, DeleteObject.</summary>
internal static partial class VendorRoutes
{
    private static IEnumerable<Route> ObjectRoutes(VendorConventions conventions, VendorBinders binders) =>
    [
        Route.On(RouteScope.Object, HttpMethods.IsPut, r => Plain(r, conventions), r => CopyOrMoveHeader(r.Request) is { } copy
            ? throw Errors.NotServed($"{copy} (copying or moving objects)")
            : new PutObject(r.Bucket, r.Key, PlainBody.Instance, binders.Settings(r.Request), WriteConditions.None)),
        Route.On(RouteScope.Object, m => HttpMethods.IsGet(m) || HttpMethods.IsHead(m), r => Plain(r, conventions), r => binders.ReadRange

            // The documented Range header (one byte range; an unsatisfiable one is 416 invalid_range).
            ? new GetObject(r.Bucket, r.Key, HttpMethods.IsHead(r.Method), Range: NullIfEmpty(r.Request.Headers.Range.ToString()))
            : new GetObject(r.Bucket, r.Key, HttpMethods.IsHead(r.Method))),
        Route.On(RouteScope.Object, HttpMethods.IsDelete, r => Plain(r, conventions), r => new DeleteObject(r.Bucket, r.Key)),
    ];

    /// <summary>The object answers the vendors give alike: PutObject's ETag, the object's bytes, and 204 for a delete.</summary>
    private static IEnumerable<Rendering> ObjectRenderings(VendorSite site) =>
    [
        Rendering.Of<ObjectStored>((context, _, stored) =>
        {
            context.Response.Headers.ETag = "\"" + stored.Manifest.ETag + "\"";
            return VendorSite.Empty(context.Response, site.Statuses.Stored);
        }),
        Rendering.Of<ObjectRead>((context, _, read) =>
        {
            var (response, manifest) = (context.Response, read.Manifest);
            response.StatusCode = 200;
            response.ContentType = manifest.Settings.ContentType ?? "application/octet-stream";
            response.Headers.ETag = "\"" + manifest.ETag + "\"";
            response.Headers.LastModified = manifest.LastModified.ToString("r", System.Globalization.CultureInfo.InvariantCulture);
            return read.Content.WriteAsync(context);
        }),
        Rendering.Of<Done>((context, _, _) =>
        {
            context.Response.StatusCode = 204;
            return Task.CompletedTask;
        }),

        // A delete in a bucket the s3 dialect made versioned: the vendors answer it as any delete.
        Rendering.Of<ObjectVersionDeleted>((context, _, _) =>
        {
            context.Response.StatusCode = 204;
            return Task.CompletedTask;
        }),
    ];
}
