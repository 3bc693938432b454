namespace Orleans.Multipart.Gateway.Vendors;

/// <summary>The bucket routes every vendor dialect spells alike: CreateBucket, DeleteBucket, HeadBucket.</summary>
public static partial class VendorRoutes
{
    private static IEnumerable<Route> BucketRoutes(VendorConventions conventions) =>
    [
        Route.On(RouteScope.Bucket, HttpMethods.IsPut, r => Plain(r, conventions), r => new CreateBucket(r.Bucket, conventions.NewBucketRule)),
        Route.On(RouteScope.Bucket, HttpMethods.IsDelete, r => Plain(r, conventions), r => new DeleteBucket(r.Bucket)),
        Route.On(RouteScope.Bucket, HttpMethods.IsHead, null, r => new HeadBucket(r.Bucket)),
    ];

    /// <summary>The bucket answers the vendors give alike: CreateBucket and PutBucketAcl 200 with no body, HeadBucket 200.</summary>
    private static IEnumerable<Rendering> BucketRenderings(VendorSite site) =>
    [
        Rendering.Of<Done>((context, _, _) => VendorSite.Empty(context.Response, 200), done => done.Operation is CreateBucket or PutBucketAcl),
        Rendering.Of<BucketDescribed>((context, _, _) =>
        {
            context.Response.StatusCode = 200;
            return Task.CompletedTask;
        }, described => described.Operation is HeadBucket),
    ];
}
