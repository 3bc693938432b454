namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>Reads a bucket's ACL (S3's <c>GET /bucket?acl</c>, QingStor's <c>GET /?acl</c>).</summary>
internal sealed record GetBucketAcl(string Bucket) : BucketOperation(Bucket);

/// <summary>Replaces a bucket's ACL with the one asked for (its owner stays the bucket's).</summary>
internal sealed record PutBucketAcl(string Bucket, AclRequest Acl) : BucketOperation(Bucket);

internal sealed record GetObjectAcl(string Bucket, string Key) : ObjectOperation(Bucket, Key), INamesVersion
{
    public string? VersionId { get; init; }
}

/// <summary>Replaces the ACL of an object or of the version it names with the one asked for (its owner stays the object's).</summary>
internal sealed record PutObjectAcl(string Bucket, string Key, AclRequest Acl) : ObjectOperation(Bucket, Key), INamesVersion
{
    public string? VersionId { get; init; }
}

/// <summary>Sets the bucket's policy (a document already validated for this bucket).</summary>
internal sealed record PutBucketPolicy(string Bucket, BucketPolicy Policy) : BucketOperation(Bucket);

internal sealed record GetBucketPolicy(string Bucket) : BucketOperation(Bucket);

/// <summary>Removes the bucket's policy (none to remove is no error, as in S3).</summary>
internal sealed record DeleteBucketPolicy(string Bucket) : BucketOperation(Bucket);

/// <summary>Whether the bucket's policy makes it public (S3's <c>?policyStatus</c>).</summary>
internal sealed record GetBucketPolicyStatus(string Bucket) : BucketOperation(Bucket);

/// <summary>
/// A bucket's or object's ACL (GetBucketAcl, GetObjectAcl): its owner's account and the grants, with the display name of
/// each account it names (<paramref name="Names"/>, by account id; an id missing there is shown as its own name).
/// </summary>
internal sealed record AclDescribed(Operation Operation, AccessControlList Acl, IReadOnlyDictionary<string, string> Names) : OperationResult
{
    public string DisplayName(string accountId) => Names.TryGetValue(accountId, out var name) ? name : accountId;
}

/// <summary>The bucket's policy as it was written (GetBucketPolicy).</summary>
internal sealed record PolicyDescribed(GetBucketPolicy Operation, BucketPolicy Policy) : OperationResult;

internal sealed record PolicyStatusDescribed(GetBucketPolicyStatus Operation, bool IsPublic) : OperationResult;

/// <summary>The catalogue rows of this feature's operations. Who may call them is the pipeline's access check; the handlers store and answer.</summary>
internal static partial class OperationCatalogue
{
    private static readonly OperationDescriptor[] Access =
    [
        OperationDescriptor.For<GetBucketAcl>("s3:GetBucketAcl", static (x, context, op) => x.GetBucketAclAsync(context, op)),
        OperationDescriptor.For<PutBucketAcl>("s3:PutBucketAcl", static (x, _, op) => x.PutBucketAclAsync(op)),
        OperationDescriptor.For<GetObjectAcl>("s3:GetObjectAcl", static (x, context, op) => x.GetObjectAclAsync(context, op)).WhenVersionNamed("s3:GetObjectVersionAcl"),
        OperationDescriptor.For<PutObjectAcl>("s3:PutObjectAcl", static (x, _, op) => x.PutObjectAclAsync(op)).WhenVersionNamed("s3:PutObjectVersionAcl"),
        OperationDescriptor.For<PutBucketPolicy>("s3:PutBucketPolicy", static (x, _, op) => OperationExecutor.DoneAsync(op, x.Frontend.Bucket(op.Bucket).SetPolicy(op.Policy))),
        OperationDescriptor.For<GetBucketPolicy>("s3:GetBucketPolicy", static (x, _, op) => x.GetBucketPolicyAsync(op)),
        OperationDescriptor.For<DeleteBucketPolicy>("s3:DeleteBucketPolicy", static (x, _, op) => OperationExecutor.DoneAsync(op, x.Frontend.Bucket(op.Bucket).SetPolicy(null))),
        OperationDescriptor.For<GetBucketPolicyStatus>("s3:GetBucketPolicyStatus", static (x, _, op) => x.GetBucketPolicyStatusAsync(op)),
    ];
}
