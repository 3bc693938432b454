namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>ListBuckets: names starting with <paramref name="Prefix"/> after <paramref name="After"/>, at most <paramref name="MaxBuckets"/>; <paramref name="Paged"/> when the client asked for pages.</summary>
internal sealed record ListBuckets(string Prefix, string? After, int MaxBuckets, bool Paged) : Operation;

/// <summary>
/// CreateBucket. <paramref name="OwnBucketAgainSucceeds"/>: creating a bucket the caller already owns answers
/// success and changes nothing (S3 in us-east-1, which ceph/s3-tests expects) rather than BucketAlreadyOwnedByYou.
/// <paramref name="Acl"/>: the ACL its headers ask for (null: the owner's alone).
/// </summary>
internal sealed record CreateBucket(string Bucket, BucketRule Rule, bool OwnBucketAgainSucceeds = false, AclRequest? Acl = null) : BucketOperation(Bucket);

internal sealed record DeleteBucket(string Bucket) : BucketOperation(Bucket);

/// <summary>An operation that answers from the bucket's settings alone (NoSuchBucket when there is none).</summary>
internal abstract record BucketRead(string Bucket) : BucketOperation(Bucket);

internal sealed record HeadBucket(string Bucket) : BucketRead(Bucket);

internal sealed record GetBucketLocation(string Bucket) : BucketRead(Bucket);

internal sealed record GetBucketVersioning(string Bucket) : BucketRead(Bucket);

internal sealed record BucketsListed(ListBuckets Operation, IReadOnlyList<BucketInfo> Buckets, string? NextAfter) : OperationResult;

/// <summary>The bucket exists, with these settings (HeadBucket, GetBucketLocation, GetBucketVersioning).</summary>
internal sealed record BucketDescribed(BucketRead Operation, BucketInfo Bucket) : OperationResult;

/// <summary>The catalogue rows of this feature's operations.</summary>
internal static partial class OperationCatalogue
{
    private static readonly OperationDescriptor[] Buckets =
    [
        OperationDescriptor.For<ListBuckets>("s3:ListAllMyBuckets", static (x, _, op) => x.ListBucketsAsync(op)),
        OperationDescriptor.For<CreateBucket>("s3:CreateBucket", static (x, _, op) => x.CreateBucketAsync(op), static (op, limits) =>
        {
            if (!limits.BucketNames.IsValid(op.Bucket))
            {
                throw MultipartError.InvalidBucketName.Error();
            }
        }),
        OperationDescriptor.For<DeleteBucket>("s3:DeleteBucket", static (x, _, op) => OperationExecutor.DoneAsync(op, x.Frontend.Bucket(op.Bucket).Delete())),

        // AWS authorizes HeadBucket by s3:ListBucket.
        OperationDescriptor.For<HeadBucket>("s3:ListBucket", static (x, _, op) => x.DescribeBucketAsync(op)),
        OperationDescriptor.For<GetBucketLocation>("s3:GetBucketLocation", static (x, _, op) => x.DescribeBucketAsync(op)),
        OperationDescriptor.For<GetBucketVersioning>("s3:GetBucketVersioning", static (x, _, op) => x.DescribeBucketAsync(op)),
    ];
}
