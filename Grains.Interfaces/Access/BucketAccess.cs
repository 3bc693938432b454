namespace Orleans.Multipart;

/// <summary>
/// What deciding a request on a bucket needs, as the bucket grain holds it in memory: the owning account,
/// the bucket's ACL and its policy. Gateways and silos keep a copy for about a second.
/// </summary>
[GenerateSerializer, Immutable, Alias("omp.BucketAccess")]
public sealed record BucketAccess(
    [property: Id(0)] string Bucket,
    [property: Id(1)] string Owner,
    [property: Id(2)] AccessControlList Acl,
    [property: Id(3)] BucketPolicy? Policy);

/// <summary>
/// A bucket policy: the document as the owner wrote it (GetBucketPolicy answers it unchanged). Parsing
/// and evaluating the served subset of the policy language is <see cref="BucketPolicy.Evaluate"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("omp.BucketPolicy")]
public sealed partial record BucketPolicy([property: Id(0)] string Document);

/// <summary>What a policy says about one request.</summary>
public enum PolicyEffect
{
    /// <summary>No statement matches.</summary>
    None,
    Allow,

    /// <summary>An explicit Deny: wins over everything else (owner, ACL grants, Allow statements).</summary>
    Deny,
}

/// <summary>
/// One request to decide: who, which action (the operation catalogue's IAM name, e.g. <c>s3:PutObject</c>),
/// on which bucket and key, from where, with which condition values (<c>s3:prefix</c>, <c>s3:x-amz-acl</c>, ...).
/// </summary>
public sealed record AccessRequest(
    Principal Caller,
    string Action,
    string Bucket,
    string? Key,
    System.Net.IPAddress? SourceIp = null,
    IReadOnlyDictionary<string, string>? Conditions = null);

public enum AccessDecision
{
    Allow,

    /// <summary>Nothing allows it (no owner, grant or Allow statement).</summary>
    NotAllowed,

    /// <summary>A policy statement denies it.</summary>
    ExplicitDeny,
}
