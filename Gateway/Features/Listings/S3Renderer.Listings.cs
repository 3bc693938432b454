using System.Globalization;
using System.Xml;

namespace Orleans.Multipart.Gateway.S3;

/// <summary>The s3 dialect's listing answers: ListBucketResult (v1 and v2) and ListVersionsResult.</summary>
internal sealed partial class S3Renderer
{
    private static IEnumerable<Rendering> ListingRenderings() =>
    [
        Rendering.Of<ObjectsListed>(async (context, _, listed) =>
        {
            var names = listed.Operation.FetchOwner
                ? await S3OwnerNames.ReadAsync(context, listed.Listing.Objects.Select(o => AccountOf(o.Owner)))
                : S3OwnerNames.None;
            await Xml(context, "ListBucketResult", w => S3ListingRenderer.Objects(w, listed, names));
        }),
    ];
}
