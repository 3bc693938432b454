using System.Collections.Frozen;

namespace Orleans.Multipart;

/// <summary>
/// S3's evaluation of one request, used by the gateway for HTTP callers and by the silos for internal
/// grain callers, so both decide alike: an administrator may do anything; an explicit Deny in the bucket
/// policy wins over everything else; then the bucket owner, an Allow statement, or an ACL grant of the
/// permission the action needs (the bucket's for bucket actions and writes, the object's for object
/// reads and object ACLs) allows it; anything else is not allowed. The bucket owner controls every object
/// in its bucket (S3's "bucket owner enforced" ownership, its default since 2023), and the object's owner
/// (its writer) has full control of it through the object's ACL.
/// </summary>
public static class AccessEvaluator
{
    /// <summary>Actions on the service itself (no bucket): any signed caller may create buckets and list its own.</summary>
    public static AccessDecision EvaluateService(Principal caller, string action) =>
        caller.IsAdmin || (!caller.IsAnonymous && action is "s3:CreateBucket" or "s3:ListAllMyBuckets")
            ? AccessDecision.Allow
            : AccessDecision.NotAllowed;

    public static AccessDecision Evaluate(AccessRequest request, BucketAccess bucket, AccessControlList? objectAcl = null)
    {
        var caller = request.Caller;
        if (caller.IsAdmin)
        {
            return AccessDecision.Allow;
        }

        var policy = bucket.Policy?.Evaluate(request) ?? PolicyEffect.None;
        if (policy == PolicyEffect.Deny)
        {
            return AccessDecision.ExplicitDeny;
        }

        if ((!caller.IsAnonymous && caller.AccountId == bucket.Owner) || policy == PolicyEffect.Allow)
        {
            return AccessDecision.Allow;
        }

        if (AclPermissions.TryGetValue(request.Action, out var needed))
        {
            var acl = needed.OnObject ? objectAcl : bucket.Acl;
            if (acl is not null && acl.Allows(caller, needed.Permission))
            {
                return AccessDecision.Allow;
            }
        }

        return AccessDecision.NotAllowed;
    }

    /// <summary>
    /// The ACL permission each grantable action needs, and whether the object's ACL (rather than the
    /// bucket's) grants it. Actions missing here (policies, CORS, encryption, deleting the bucket) are the
    /// owner's or a policy's to allow, never an ACL's, as in S3.
    /// </summary>
    public static readonly FrozenDictionary<string, (AclPermission Permission, bool OnObject)> AclPermissions =
        new Dictionary<string, (AclPermission, bool)>
        {
            ["s3:ListBucket"] = (AclPermission.Read, false),
            ["s3:ListBucketMultipartUploads"] = (AclPermission.Read, false),
            ["s3:ListBucketVersions"] = (AclPermission.Read, false),
            ["s3:PutObject"] = (AclPermission.Write, false),
            ["s3:DeleteObject"] = (AclPermission.Write, false),
            ["s3:AbortMultipartUpload"] = (AclPermission.Write, false),
            ["s3:ListMultipartUploadParts"] = (AclPermission.Write, false),
            ["s3:GetBucketAcl"] = (AclPermission.ReadAcp, false),
            ["s3:PutBucketAcl"] = (AclPermission.WriteAcp, false),
            ["s3:GetObject"] = (AclPermission.Read, true),
            ["s3:GetObjectAttributes"] = (AclPermission.Read, true),
            ["s3:GetObjectAcl"] = (AclPermission.ReadAcp, true),
            ["s3:PutObjectAcl"] = (AclPermission.WriteAcp, true),

            // The actions of requests that name a version (ver23b): the version's own ACL grants them as the object's do.
            ["s3:DeleteObjectVersion"] = (AclPermission.Write, false),
            ["s3:GetObjectVersion"] = (AclPermission.Read, true),
            ["s3:GetObjectVersionAttributes"] = (AclPermission.Read, true),
            ["s3:GetObjectVersionAcl"] = (AclPermission.ReadAcp, true),
            ["s3:PutObjectVersionAcl"] = (AclPermission.WriteAcp, true),
        }.ToFrozenDictionary(StringComparer.Ordinal);
}
