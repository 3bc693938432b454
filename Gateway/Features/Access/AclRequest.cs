namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>
/// An ACL as a request asks for it, before the accounts it depends on are known: S3's canned ACL (<c>x-amz-acl</c>),
/// explicit grants (<c>x-amz-grant-*</c>, an AccessControlPolicy document, QingStor's list). <see cref="Resolve"/> makes
/// it the stored <see cref="AccessControlList"/> once the owner (the writer, or the bucket's owner) is known.
/// </summary>
/// <param name="Grants">The grants as listed.</param>
/// <param name="OwnerFullControl">A canned ACL: the owner's FULL_CONTROL grant is part of it (explicit grants list it themselves, or not).</param>
/// <param name="BucketOwner">bucket-owner-read / bucket-owner-full-control: the permission the bucket's owner gets on an object.</param>
/// <param name="Canned">The canned ACL's name, for the policy condition <c>s3:x-amz-acl</c>; null for explicit grants.</param>
internal sealed record AclRequest(IReadOnlyList<Grant> Grants, bool OwnerFullControl = false, AclPermission? BucketOwner = null, string? Canned = null)
{
    /// <summary>The canned ACLs S3 names, as grants beside the owner's FULL_CONTROL.</summary>
    public static AclRequest? FromCanned(string name) => name switch
    {
        "private" => new([], true, null, name),
        "public-read" => new([new Grant(Grantee.AllUsers, AclPermission.Read)], true, null, name),
        "public-read-write" => new([new Grant(Grantee.AllUsers, AclPermission.Read), new Grant(Grantee.AllUsers, AclPermission.Write)], true, null, name),
        "authenticated-read" => new([new Grant(Grantee.AuthenticatedUsers, AclPermission.Read)], true, null, name),
        "bucket-owner-read" => new([], true, AclPermission.Read, name),
        "bucket-owner-full-control" => new([], true, AclPermission.FullControl, name),
        _ => null,
    };

    /// <summary>Whether resolving needs the bucket's owner (an object's bucket-owner-* canned ACL).</summary>
    public bool NeedsBucketOwner => BucketOwner is not null;

    /// <summary>
    /// The list to store for <paramref name="owner"/>'s resource in <paramref name="bucketOwner"/>'s bucket: grants in
    /// order, each once (bucket-owner-full-control written by the bucket's owner is its one FULL_CONTROL grant, as in S3).
    /// </summary>
    public AccessControlList Resolve(string owner, string? bucketOwner)
    {
        var grants = new List<Grant>(Grants.Count + 2);
        if (OwnerFullControl)
        {
            grants.Add(new Grant(Grantee.Account(owner), AclPermission.FullControl));
        }

        grants.AddRange(Grants);
        if (BucketOwner is { } permission && bucketOwner is not null)
        {
            grants.Add(new Grant(Grantee.Account(bucketOwner), permission));
        }

        return new AccessControlList(owner, grants.Distinct().ToList());
    }
}
