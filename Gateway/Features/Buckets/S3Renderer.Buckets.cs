using System.Globalization;
using System.Xml;

namespace Orleans.Multipart.Gateway.S3;

/// <summary>The s3 dialect's bucket answers: CreateBucket's Location, HeadBucket's region, GetBucketLocation, GetBucketVersioning, ListBuckets.</summary>
internal sealed partial class S3Renderer
{
    private IEnumerable<Rendering> BucketRenderings() =>
    [
        Rendering.Of<Done>((context, _, done) =>
        {
            context.Response.Headers.Location = "/" + ((CreateBucket)done.Operation).Bucket;
            return Empty(context.Response, 200);
        }, done => done.Operation is CreateBucket),
        Rendering.Of<BucketDescribed>((context, _, _) =>
        {
            context.Response.Headers["x-amz-bucket-region"] = _options.Region;
            return Empty(context.Response, 200, contentLength: false);
        }, described => described.Operation is HeadBucket),
        Rendering.Of<BucketDescribed>((context, _, _) => Xml(context, "LocationConstraint", w =>
        {
            // us-east-1 is named by an empty constraint (S3's own quirk, which every SDK expects).
            if (_options.Region != "us-east-1")
            {
                w.WriteString(_options.Region);
            }
        }), described => described.Operation is GetBucketLocation),
        Rendering.Of<BucketDescribed>((context, _, described) => Xml(context, "VersioningConfiguration", w => VersioningConfiguration(w, described.Bucket)), described => described.Operation is GetBucketVersioning),
        Rendering.Of<BucketsListed>(async (context, caller, listed) =>
        {
            var names = await S3OwnerNames.ReadAsync(context, [caller.Principal.AccountId]);
            await Xml(context, "ListAllMyBucketsResult", w => S3ListingRenderer.Buckets(w, listed, caller, names));
        }),
    ];
}
