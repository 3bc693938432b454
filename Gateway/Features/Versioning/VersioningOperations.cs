namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>PutBucketVersioning (<c>PUT /bucket?versioning</c>): Enabled or Suspended. GetBucketVersioning is a bucket read (Features/Buckets).</summary>
internal sealed record PutBucketVersioning(string Bucket, BucketVersioning State) : BucketOperation(Bucket);

/// <summary>
/// DeleteObject in a versioned bucket, or with a version ID: what it deleted (<see cref="DeleteResult.VersionId"/>, and
/// whether that is a delete marker), for S3's x-amz-version-id and x-amz-delete-marker. Null when there was nothing to delete.
/// </summary>
internal sealed record ObjectVersionDeleted(DeleteObject Operation, DeleteResult? Result) : OperationResult;

/// <summary>One key's delete in DeleteObjects: the version the request named (<paramref name="Requested"/>) and what the delete did.</summary>
internal sealed record DeletedVersion(string? Requested, DeleteResult? Result);

/// <summary>ListObjectVersions: versions and delete markers by key, newest first.</summary>
internal sealed record ObjectVersionsListed(ListObjectVersions Operation, ObjectVersionListing Listing) : OperationResult;

/// <summary>The catalogue rows of the versioning feature: bucket versioning and object versions (<c>?versioning</c>, <c>?versions</c>, <c>versionId</c>).</summary>
internal static partial class OperationCatalogue
{
    private static readonly OperationDescriptor[] Versioning =
    [
        OperationDescriptor.For<PutBucketVersioning>("s3:PutBucketVersioning", static (x, _, op) => OperationExecutor.DoneAsync(op, x.Frontend.Bucket(op.Bucket).SetVersioning(op.State))),
    ];
}
