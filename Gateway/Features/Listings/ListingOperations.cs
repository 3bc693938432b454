namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>How a listing answers: ListObjects (v1: Marker), ListObjectsV2 (continuation tokens).</summary>
internal enum ListingVersion
{
    V1,
    V2,
}

/// <summary>
/// ListObjects (v1 or v2). <paramref name="UrlEncoding"/>: encoding-type=url; <paramref name="ContinuationToken"/>
/// and <paramref name="StartAfter"/> as sent (v2); <paramref name="FetchOwner"/>: list each object's owner.
/// </summary>
internal sealed record ListObjects(string Bucket, ObjectListingRequest Request, ListingVersion Version, bool UrlEncoding, string? ContinuationToken, string? StartAfter, bool FetchOwner)
    : BucketOperation(Bucket)
{
    public override string Name => Version == ListingVersion.V2 ? "ListObjectsV2" : "ListObjects";
}

/// <summary>ListObjectVersions: <c>Request.StartAfter</c> is the key-marker (versions and their answer: Features/Versioning).</summary>
internal sealed record ListObjectVersions(string Bucket, ObjectListingRequest Request, bool UrlEncoding, string VersionIdMarker) : BucketOperation(Bucket);

internal sealed record ObjectsListed(ListObjects Operation, ObjectListing Listing) : OperationResult;

/// <summary>The catalogue rows of this feature's operations.</summary>
internal static partial class OperationCatalogue
{
    private static readonly OperationDescriptor[] Listings =
    [
        // AWS authorizes ListObjects and ListObjectsV2 alike, by s3:ListBucket.
        OperationDescriptor.For<ListObjects>("s3:ListBucket", static async (x, _, op) => new ObjectsListed(op, await x.Frontend.Bucket(op.Bucket).ListObjects(op.Request))),
        OperationDescriptor.For<ListObjectVersions>("s3:ListBucketVersions", static (x, _, op) => x.ListObjectVersionsAsync(op)),
    ];
}
