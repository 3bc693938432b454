namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>An operation on a bucket's lifecycle rules (<c>?lifecycle</c>), in the dialects that document them.</summary>
internal abstract record LifecycleOperation(string Bucket) : BucketOperation(Bucket);

/// <summary>PutBucketLifecycleConfiguration: replaces the bucket's rules.</summary>
internal sealed record PutBucketLifecycle(string Bucket, LifecycleConfiguration Configuration) : LifecycleOperation(Bucket);

internal sealed record GetBucketLifecycle(string Bucket) : LifecycleOperation(Bucket);

internal sealed record DeleteBucketLifecycle(string Bucket) : LifecycleOperation(Bucket);

/// <summary>GetBucketLifecycleConfiguration: the bucket exists and has these rules (null: none; each dialect says how it answers that).</summary>
internal sealed record LifecycleDescribed(GetBucketLifecycle Operation, LifecycleConfiguration? Configuration) : OperationResult;

/// <summary>The catalogue rows of the lifecycle feature: bucket lifecycle configuration (<c>?lifecycle</c>), in the dialects that document it.</summary>
internal static partial class OperationCatalogue
{
    private static readonly OperationDescriptor[] Lifecycle =
    [
        OperationDescriptor.For<PutBucketLifecycle>("s3:PutLifecycleConfiguration", static (x, _, op) => x.PutBucketLifecycleAsync(op)),
        OperationDescriptor.For<GetBucketLifecycle>("s3:GetLifecycleConfiguration", static (x, _, op) => x.GetBucketLifecycleAsync(op)),

        // AWS has no delete action of its own for lifecycle: DeleteBucketLifecycle needs s3:PutLifecycleConfiguration.
        OperationDescriptor.For<DeleteBucketLifecycle>("s3:PutLifecycleConfiguration", static (x, _, op) => x.DeleteBucketLifecycleAsync(op)),
    ];
}
