namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>An operation on a bucket's cross-origin rules (<c>?cors</c>), in the dialects that document them.</summary>
public abstract record CorsOperation(string Bucket) : BucketOperation(Bucket);

/// <summary>PutBucketCors: replaces the bucket's rules.</summary>
public sealed record PutBucketCors(string Bucket, CorsConfiguration Configuration) : CorsOperation(Bucket);

public sealed record GetBucketCors(string Bucket) : CorsOperation(Bucket);

public sealed record DeleteBucketCors(string Bucket) : CorsOperation(Bucket);

/// <summary>GetBucketCors: the bucket exists and has these rules (null: none; each dialect says how it answers that).</summary>
public sealed record CorsDescribed(GetBucketCors Operation, CorsConfiguration? Configuration) : OperationResult;

/// <summary>The catalogue rows of this feature's operations.</summary>
public static partial class OperationCatalogue
{
    private static readonly OperationDescriptor[] Cors =
    [
        OperationDescriptor.For<PutBucketCors>("s3:PutBucketCORS", static (x, _, op) => OperationExecutor.DoneAsync(op, x.Frontend.Bucket(op.Bucket).SetCors(op.Configuration))),
        OperationDescriptor.For<GetBucketCors>("s3:GetBucketCORS", static (x, _, op) => x.GetBucketCorsAsync(op)),

        // AWS has no delete action of its own for CORS: DeleteBucketCors needs s3:PutBucketCORS.
        OperationDescriptor.For<DeleteBucketCors>("s3:PutBucketCORS", static (x, _, op) => OperationExecutor.DoneAsync(op, x.Frontend.Bucket(op.Bucket).DeleteCors())),
    ];
}
