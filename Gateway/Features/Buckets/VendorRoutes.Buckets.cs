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
}
