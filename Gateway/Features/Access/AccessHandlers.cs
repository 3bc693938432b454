using Microsoft.Extensions.DependencyInjection;

namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>The ACL and policy operations' handlers: they store and answer; whether the caller may is decided before them.</summary>
internal sealed partial class OperationExecutor
{
    internal async Task<OperationResult> GetBucketAclAsync(HttpContext context, GetBucketAcl get) => await DescribeAsync(context, get, (await BucketAccessAsync(get.Bucket)).Acl);

    internal async Task<OperationResult> PutBucketAclAsync(PutBucketAcl put)
    {
        var bucket = frontend.Bucket(put.Bucket);
        var access = await BucketAccessAsync(put.Bucket);
        var acl = put.Acl.Resolve(access.Owner, access.Owner);
        await AclAccounts.CheckAsync(frontend.Grains, acl.Grants);
        await SetBucketAclAsync(bucket, acl);
        return new Done(put);
    }

    /// <summary>Stores a bucket's ACL.</summary>
    /// <remarks>The pipeline decides unsigned requests by these grants (an AllUsers WRITE lets them write); the earlier anonymous-write flag is cleared by SetAcl.</remarks>
    internal static Task SetBucketAclAsync(IBucketGrain bucket, AccessControlList acl) => bucket.SetAcl(acl);

    internal async Task<OperationResult> GetObjectAclAsync(HttpContext context, GetObjectAcl get) =>
        await DescribeAsync(context, get, await ObjectAclAsync(get.Bucket, get.Key, get.VersionId));

    /// <summary>The ACL of the current object, or of the version named (ver23b): its owner and grants, the owner's FULL_CONTROL alone when none were set.</summary>
    private async Task<AccessControlList> ObjectAclAsync(string bucket, string key, string? versionId)
    {
        var grain = frontend.Object(bucket, key);
        if (versionId is null)
        {
            return await grain.GetAcl() ?? throw MultipartError.NoSuchKey.Error();
        }

        var settings = (await NamedVersionAsync(bucket, grain, versionId)).Settings;
        var owner = settings.Owner ?? AccountIds.Root;
        return settings.Acl is { } acl ? acl with { Owner = owner } : AccessControlList.Private(owner);
    }

    /// <summary>An ACL with the display names of the accounts it names (S3's Owner and Grantee DisplayName).</summary>
    private static async Task<OperationResult> DescribeAsync(HttpContext context, Operation get, AccessControlList acl) =>
        new AclDescribed(get, acl, await context.RequestServices.GetRequiredService<AccountNames>().OfAsync(acl));

    internal async Task<OperationResult> PutObjectAclAsync(PutObjectAcl put)
    {
        var grain = frontend.Object(put.Bucket, put.Key);
        var current = await ObjectAclAsync(put.Bucket, put.Key, put.VersionId);
        var bucketOwner = put.Acl.NeedsBucketOwner ? (await BucketAccessAsync(put.Bucket)).Owner : null;
        var acl = put.Acl.Resolve(current.Owner, bucketOwner);
        await AclAccounts.CheckAsync(frontend.Grains, acl.Grants);
        if (put.VersionId is { } versionId)
        {
            await ExpectVersionChangedAsync(put.Bucket, await grain.SetVersionAcl(versionId, acl));
            return new Done(put);
        }

        return await grain.SetAcl(acl) ? new Done(put) : throw MultipartError.NoSuchKey.Error();
    }

    internal async Task<OperationResult> GetBucketPolicyAsync(GetBucketPolicy get) =>
        new PolicyDescribed(get, (await BucketAccessAsync(get.Bucket)).Policy ?? throw MultipartError.NoSuchBucketPolicy.Error());

    internal async Task<OperationResult> GetBucketPolicyStatusAsync(GetBucketPolicyStatus get) =>
        new PolicyStatusDescribed(get, ((await BucketAccessAsync(get.Bucket)).Policy ?? throw MultipartError.NoSuchBucketPolicy.Error()).IsPublic);

    /// <summary>The bucket's owner, ACL and policy (NoSuchBucket when there is none).</summary>
    internal async Task<BucketAccess> BucketAccessAsync(string bucket) =>
        await frontend.Bucket(bucket).GetAccess() ?? throw MultipartError.NoSuchBucket.Error();

    /// <summary>
    /// The ACL a write asked for with its headers, resolved for the writer (<paramref name="owner"/>); the bucket's owner
    /// is read only for bucket-owner-read / bucket-owner-full-control. Null when the write asked for none (the owner's alone).
    /// </summary>
    internal static async Task<AccessControlList?> WriteAclAsync(ObjectFrontend frontend, string bucket, string owner, AclRequest? requested)
    {
        if (requested is null)
        {
            return null;
        }

        var bucketOwner = requested.NeedsBucketOwner ? (await frontend.Bucket(bucket).GetAccess() ?? throw MultipartError.NoSuchBucket.Error()).Owner : null;
        var acl = requested.Resolve(owner, bucketOwner);
        await AclAccounts.CheckAsync(frontend.Grains, acl.Grants);
        return acl;
    }
}
