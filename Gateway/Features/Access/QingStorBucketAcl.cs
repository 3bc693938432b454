using System.Text.Json;
using Orleans.Multipart.Gateway.Vendors;

namespace Orleans.Multipart.Gateway.QingStor;

/// <summary>
/// QingStor's bucket ACL (<c>PUT/GET /?acl</c>, <c>{"acl":[{"grantee":{"type":"user","id"} | {"type":"group","name":"QS_ALL_USERS"},
/// "permission":"READ|WRITE|FULL_CONTROL"}]}</c>): every grant is stored (the same model as S3's ACLs), the owner's
/// FULL_CONTROL always among them; GET answers the owner and the grants.
/// </summary>
internal static class QingStorBucketAcl
{
    /// <summary>The owner a listing names (ListObjects' owner; not yet the bucket's account).</summary>
    public static readonly QingStorOwner Owner = new("owner", "owner");

    private const string AllUsers = "QS_ALL_USERS";

    /// <summary>
    /// Not a QingStor group: the name GET gives a grant to every signed account, which only the s3 dialect can make
    /// (authenticated-read), so that the grant shows rather than hides.
    /// </summary>
    private const string AuthenticatedUsers = "QS_AUTHENTICATED_USERS";

    public static PutBucketAcl Parse(string bucket, JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("acl", out var grants) || grants.ValueKind != JsonValueKind.Array)
        {
            throw new DialectException(MultipartError.MalformedDocument, "The body must be {\"acl\":[...]}.");
        }

        var parsed = new List<Grant>();
        foreach (var grant in grants.EnumerateArray())
        {
            if (grant.ValueKind != JsonValueKind.Object || !grant.TryGetProperty("grantee", out var grantee) || grantee.ValueKind != JsonValueKind.Object
                || !grant.TryGetProperty("permission", out var permissionValue) || !grantee.TryGetProperty("type", out var typeValue))
            {
                throw new DialectException(MultipartError.MalformedDocument, "Each acl entry needs a grantee object with a type, and a permission.");
            }

            var permission = VendorRoutes.JsonString(permissionValue, "permission") switch
            {
                "READ" => AclPermission.Read,
                "WRITE" => AclPermission.Write,
                "FULL_CONTROL" => AclPermission.FullControl,
                _ => throw new DialectException(MultipartError.MalformedDocument, "permission must be READ, WRITE or FULL_CONTROL."),
            };

            var id = Optional(grantee, "id");
            var name = Optional(grantee, "name");
            var to = VendorRoutes.JsonString(typeValue, "type") switch
            {
                "group" when name == AllUsers => Grantee.AllUsers,
                "group" => throw new DialectException(MultipartError.InvalidArgument, $"The group {name} does not exist: the one group is {AllUsers}."),
                "user" when (id ?? name) is { Length: > 0 } user => Grantee.Account(user),
                "user" => throw new DialectException(MultipartError.MalformedDocument, "A user grantee needs an id."),
                _ => throw new DialectException(MultipartError.MalformedDocument, "grantee type must be user or group."),
            };
            parsed.Add(new Grant(to, permission));
        }

        // The owner keeps full control whatever the list says (QingStor's GET shows it first).
        return new PutBucketAcl(bucket, new AclRequest(parsed, OwnerFullControl: true));
    }

    public static QingStorAcl Describe(AccessControlList acl)
    {
        var grants = acl.Grants.Select(grant => new QingStorGrant(
            grant.Grantee.Kind switch
            {
                GranteeKind.Account => new QingStorGrantee("user", grant.Grantee.AccountId, grant.Grantee.AccountId!),
                GranteeKind.AllUsers => new QingStorGrantee("group", null, AllUsers),
                _ => new QingStorGrantee("group", null, AuthenticatedUsers),
            },
            S3.S3Grantees.Name(grant.Permission))).ToList();
        return new QingStorAcl(new QingStorOwner(acl.Owner, acl.Owner), grants);
    }

    private static string? Optional(JsonElement grantee, string property) =>
        grantee.TryGetProperty(property, out var value) && value.ValueKind != JsonValueKind.Null ? VendorRoutes.JsonString(value, property) : null;
}
