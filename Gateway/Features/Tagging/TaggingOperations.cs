namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>PutObjectTagging: replaces the tags of the object or of the version it names (already checked against S3's limits).</summary>
internal sealed record PutObjectTagging(string Bucket, string Key, TagSet Tags) : ObjectOperation(Bucket, Key), INamesVersion
{
    public string? VersionId { get; init; }
}

internal sealed record GetObjectTagging(string Bucket, string Key) : ObjectOperation(Bucket, Key), INamesVersion
{
    public string? VersionId { get; init; }
}

/// <summary>DeleteObjectTagging: removes the tags of the object or the version named (none to remove is no error; no object is NoSuchKey).</summary>
internal sealed record DeleteObjectTagging(string Bucket, string Key) : ObjectOperation(Bucket, Key), INamesVersion
{
    public string? VersionId { get; init; }
}

/// <summary>PutBucketTagging: replaces the bucket's tags (already checked against S3's limits).</summary>
internal sealed record PutBucketTagging(string Bucket, TagSet Tags) : BucketOperation(Bucket);

internal sealed record GetBucketTagging(string Bucket) : BucketOperation(Bucket);

internal sealed record DeleteBucketTagging(string Bucket) : BucketOperation(Bucket);

/// <summary>GetObjectTagging / GetBucketTagging: the tags (an object without tags has an empty set; a bucket without tags answers NoSuchTagSet before this).</summary>
internal sealed record TagsDescribed(Operation Operation, TagSet Tags) : OperationResult;

/// <summary>The catalogue rows of the tagging feature: object and bucket tags (<c>?tagging</c>, <c>x-amz-tagging</c>).</summary>
internal static partial class OperationCatalogue
{
    private static readonly OperationDescriptor[] Tagging =
    [
        OperationDescriptor.For<PutObjectTagging>("s3:PutObjectTagging", static (x, _, op) => x.PutObjectTaggingAsync(op)).WhenVersionNamed("s3:PutObjectVersionTagging"),
        OperationDescriptor.For<GetObjectTagging>("s3:GetObjectTagging", static (x, _, op) => x.GetObjectTaggingAsync(op)).WhenVersionNamed("s3:GetObjectVersionTagging"),
        OperationDescriptor.For<DeleteObjectTagging>("s3:DeleteObjectTagging", static (x, _, op) => x.DeleteObjectTaggingAsync(op)).WhenVersionNamed("s3:DeleteObjectVersionTagging"),
        OperationDescriptor.For<PutBucketTagging>("s3:PutBucketTagging", static (x, _, op) => OperationExecutor.DoneAsync(op, x.Frontend.Bucket(op.Bucket).SetTags(op.Tags))),
        OperationDescriptor.For<GetBucketTagging>("s3:GetBucketTagging", static (x, _, op) => x.GetBucketTaggingAsync(op)),

        // AWS has no delete action of its own for bucket tags: DeleteBucketTagging needs s3:PutBucketTagging.
        OperationDescriptor.For<DeleteBucketTagging>("s3:PutBucketTagging", static (x, _, op) => OperationExecutor.DoneAsync(op, x.Frontend.Bucket(op.Bucket).SetTags(null))),
    ];
}
