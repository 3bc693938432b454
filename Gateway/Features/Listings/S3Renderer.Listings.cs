using System.Globalization;
using System.Xml;

namespace Orleans.Multipart.Gateway.S3;

/// <summary>The s3 dialect's listing answers: ListBucketResult (v1 and v2) and ListVersionsResult.</summary>
internal sealed partial class S3Renderer
{
    private static IEnumerable<Rendering> ListingRenderings() =>
    [
        Rendering.Of<ObjectsListed>((context, caller, listed) => Xml(context, "ListBucketResult", w => S3ListingRenderer.Objects(w, listed, caller))),
    ];
}
