namespace Orleans.Multipart;

/// <summary>S3's ACL permissions (QingStor's READ, WRITE and FULL_CONTROL are the same three).</summary>
[GenerateSerializer, Alias("omp.AclPermission")]
public enum AclPermission
{
    Read = 0,
    Write = 1,
    ReadAcp = 2,
    WriteAcp = 3,
    FullControl = 4,
}

[GenerateSerializer, Alias("omp.GranteeKind")]
public enum GranteeKind
{
    /// <summary>One account (S3's CanonicalUser; QingStor's user).</summary>
    Account = 0,

    /// <summary>Everyone, signed or not (S3's AllUsers group; QingStor's QS_ALL_USERS).</summary>
    AllUsers = 1,

    /// <summary>Every signed request of any account (S3's AuthenticatedUsers group).</summary>
    AuthenticatedUsers = 2,
}

/// <summary>Who a grant is for: an account (<see cref="AccountId"/>) or a group.</summary>
[GenerateSerializer, Immutable, Alias("omp.Grantee")]
public sealed record Grantee([property: Id(0)] GranteeKind Kind, [property: Id(1)] string? AccountId = null)
{
    public static readonly Grantee AllUsers = new(GranteeKind.AllUsers);
    public static readonly Grantee AuthenticatedUsers = new(GranteeKind.AuthenticatedUsers);

    public static Grantee Account(string accountId) => new(GranteeKind.Account, accountId);

    /// <summary>Whether <paramref name="principal"/> is one this grantee names.</summary>
    public bool Includes(Principal principal) => Kind switch
    {
        GranteeKind.AllUsers => true,
        GranteeKind.AuthenticatedUsers => !principal.IsAnonymous,
        // An account grant never names the anonymous principal, whatever id it was given.
        _ => !principal.IsAnonymous && AccountId == principal.AccountId,
    };
}

[GenerateSerializer, Immutable, Alias("omp.Grant")]
public sealed record Grant([property: Id(0)] Grantee Grantee, [property: Id(1)] AclPermission Permission);

/// <summary>
/// An access control list of a bucket or an object: its owner (who always has full control) and the
/// grants to others. Canned ACLs (<c>x-amz-acl</c>) are expanded into grants when they are set.
/// </summary>
[GenerateSerializer, Immutable, Alias("omp.AccessControlList")]
public sealed record AccessControlList([property: Id(0)] string Owner, [property: Id(1)] IReadOnlyList<Grant> Grants)
{
    /// <summary>S3's default: the owner's FULL_CONTROL and nothing else.</summary>
    public static AccessControlList Private(string owner) => new(owner, [new Grant(Grantee.Account(owner), AclPermission.FullControl)]);

    /// <summary>Whether the list gives <paramref name="principal"/> <paramref name="permission"/> (FULL_CONTROL includes every permission; the owner has them all).</summary>
    public bool Allows(Principal principal, AclPermission permission)
    {
        if (!principal.IsAnonymous && principal.AccountId == Owner)
        {
            return true;
        }

        foreach (var grant in Grants)
        {
            if ((grant.Permission == permission || grant.Permission == AclPermission.FullControl) && grant.Grantee.Includes(principal))
            {
                return true;
            }
        }

        return false;
    }
}
