namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>An operation on a bucket's cross-origin rules (<c>?cors</c>), in the dialects that document them.</summary>
public abstract record CorsOperation(string Bucket) : BucketOperation(Bucket);

/// <summary>PutBucketCors: replaces the bucket's rules.</summary>
public sealed record PutBucketCors(string Bucket, CorsConfiguration Configuration) : CorsOperation(Bucket);

public sealed record GetBucketCors(string Bucket) : CorsOperation(Bucket);

public sealed record DeleteBucketCors(string Bucket) : CorsOperation(Bucket);

/// <summary>GetBucketCors: the bucket exists and has these rules (null: none; each dialect says how it answers that).</summary>
public sealed record CorsDescribed(GetBucketCors Operation, CorsConfiguration? Configuration) : OperationResult;
