namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>An operation on a bucket's cross-origin rules (<c>?cors</c>), in the dialects that document them.</summary>
internal abstract record CorsOperation(string Bucket) : BucketOperation(Bucket);

/// <summary>PutBucketCors: replaces the bucket's rules.</summary>
internal sealed record PutBucketCors(string Bucket, CorsConfiguration Configuration) : CorsOperation(Bucket);

internal sealed record GetBucketCors(string Bucket) : CorsOperation(Bucket);

internal sealed record DeleteBucketCors(string Bucket) : CorsOperation(Bucket);

/// <summary>GetBucketCors: the bucket exists and has these rules (null: none; each dialect says how it answers that).</summary>
internal sealed record CorsDescribed(GetBucketCors Operation, CorsConfiguration? Configuration) : OperationResult;

/// <summary>The catalogue rows of this feature's operations.</summary>
internal static partial class OperationCatalogue
{
    private static readonly OperationDescriptor[] Cors =
    [
        OperationDescriptor.For<PutBucketCors>("s3:PutBucketCORS", static (x, _, op) => OperationExecutor.DoneAsync(op, x.Frontend.Bucket(op.Bucket).SetCors(op.Configuration))),
        OperationDescriptor.For<GetBucketCors>("s3:GetBucketCORS", static (x, _, op) => x.GetBucketCorsAsync(op)),

        // AWS has no delete action of its own for CORS: DeleteBucketCors needs s3:PutBucketCORS.
        OperationDescriptor.For<DeleteBucketCors>("s3:PutBucketCORS", static (x, _, op) => OperationExecutor.DoneAsync(op, x.Frontend.Bucket(op.Bucket).DeleteCors())),
    ];
}
