using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Orleans.Multipart.Gateway.S3;

/// <summary>The s3 dialect's bucket routes: ListBuckets, CreateBucket, HeadBucket, DeleteBucket, GetBucketLocation, GetBucketVersioning.</summary>
internal sealed partial class S3Parser
{
    private IEnumerable<Route> BucketRoutes() =>
    [
        Route.On(RouteScope.Service, HttpMethods.IsGet, null, r => ListBuckets(r.Target)),
        Route.OnAsync(RouteScope.Bucket, HttpMethods.IsPut, r => OperationParameters(r.Target) == 0, async r => await CreateBucketAsync(r.Context, r.Bucket)),
        Route.On(RouteScope.Bucket, HttpMethods.IsHead, null, r => new HeadBucket(r.Bucket)),
        Route.On(RouteScope.Bucket, HttpMethods.IsDelete, r => OperationParameters(r.Target) == 0, r => new DeleteBucket(r.Bucket)),
        Route.On(RouteScope.Bucket, HttpMethods.IsGet, r => r.Has("location"), r => new GetBucketLocation(r.Bucket)),
        Route.On(RouteScope.Bucket, HttpMethods.IsGet, r => r.Has("versioning"), r => new GetBucketVersioning(r.Bucket)),
    ];

    /// <summary>Query parameters that name an operation, not a presigned URL's signature (X-Amz-*, or V2's AWSAccessKeyId, Expires, Signature).</summary>
    private static int OperationParameters(RequestTarget t) =>
        t.Query.Count(p => !p.Key.StartsWith("X-Amz-", StringComparison.Ordinal) && p.Key is not ("AWSAccessKeyId" or "Expires" or "Signature"));

    /// <summary>ListBuckets, paged as AWS does since 2024: max-buckets (1..10000), continuation-token, prefix.</summary>
    private static ListBuckets ListBuckets(RequestTarget t) => new(
        t.Get("prefix") ?? "",
        t.Get("continuation-token") is { } token ? S3ContinuationToken.Decode(token) : null,
        ParseInt(t.Get("max-buckets"), 10_000, 1, 10_000, "max-buckets"),
        t.Get("max-buckets") is not null || t.Get("continuation-token") is not null);

    private async Task<CreateBucket> CreateBucketAsync(HttpContext context, string bucket)
    {
        var rule = context.Request.Headers[S3Options.BucketRuleHeader].ToString().ToLowerInvariant() switch
        {
            "" or "concurrent" => BucketRule.Concurrent,
            "exclusive" => BucketRule.Exclusive,
            _ => throw S3Errors.InvalidArgument($"{S3Options.BucketRuleHeader} must be exclusive or concurrent."),
        };

        // The optional CreateBucketConfiguration (a location constraint) is read and ignored: one region.
        if (context.Request.ContentLength > 0)
        {
            await RequestDocument.ReadXmlAsync(context, _limits with { MaxBytes = 64 * 1024 });
        }

        // S3 in us-east-1 answers a second CreateBucket of one's own bucket with 200; every other region with BucketAlreadyOwnedByYou.
        // (A parser driven without the host's services, as unit tests do, has the default region.)
        var region = (context.RequestServices?.GetService<IOptions<S3Options>>()?.Value ?? new S3Options()).Region;
        return new CreateBucket(bucket, rule, OwnBucketAgainSucceeds: region == "us-east-1");
    }
}
