using System.Text.Json;
using Orleans.Multipart.Gateway.Vendors;

namespace Orleans.Multipart.Gateway.QingStor;

/// <summary>
/// QingStor's bucket ACL (<c>PUT/GET /?acl</c>, <c>{"acl":[{"grantee":{"type","id","name"},"permission"}]}</c>) as far as
/// the service stores it: the owner's FULL_CONTROL (always) and whether QS_ALL_USERS may WRITE (an anonymous-writable
/// bucket). A PUT granting anything else is refused as not implemented rather than answered 200 and dropped; a PUT
/// that only re-states the owner's grant (what GET shows) succeeds.
/// </summary>
internal static class QingStorBucketAcl
{
    /// <summary>The bucket owner as GET /?acl names it (one account: the service's keys share every bucket).</summary>
    public static readonly QingStorOwner Owner = new("owner", "owner");

    private const string AllUsers = "QS_ALL_USERS";

    public static PutBucketAcl Parse(string bucket, JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("acl", out var grants) || grants.ValueKind != JsonValueKind.Array)
        {
            throw new DialectException(MultipartError.MalformedDocument, "The body must be {\"acl\":[...]}.");
        }

        var anonymousWrite = false;
        foreach (var grant in grants.EnumerateArray())
        {
            if (grant.ValueKind != JsonValueKind.Object || !grant.TryGetProperty("grantee", out var grantee) || grantee.ValueKind != JsonValueKind.Object
                || !grant.TryGetProperty("permission", out var permissionValue) || !grantee.TryGetProperty("type", out var typeValue))
            {
                throw new DialectException(MultipartError.MalformedDocument, "Each acl entry needs a grantee object with a type, and a permission.");
            }

            var permission = VendorRoutes.JsonString(permissionValue, "permission");
            if (permission is not ("READ" or "WRITE" or "FULL_CONTROL"))
            {
                throw new DialectException(MultipartError.MalformedDocument, "permission must be READ, WRITE or FULL_CONTROL.");
            }

            var id = Optional(grantee, "id");
            var name = Optional(grantee, "name");
            switch (VendorRoutes.JsonString(typeValue, "type"))
            {
                case "group" when name == AllUsers && permission == "WRITE":
                    anonymousWrite = true;
                    break;
                case "group":
                    throw new DialectException(MultipartError.NotImplemented,
                        $"Granting {permission} to the group {name} is not implemented: of a group's grants only {AllUsers} WRITE (anonymous writes) is stored.");
                case "user" when (id ?? name) == Owner.Id && permission == "FULL_CONTROL":
                    break; // the owner's grant, which always holds
                case "user":
                    throw new DialectException(MultipartError.NotImplemented,
                        $"Granting {permission} to the user {id ?? name} is not implemented: the owner's FULL_CONTROL is the only user grant stored.");
                default:
                    throw new DialectException(MultipartError.MalformedDocument, "grantee type must be user or group.");
            }
        }

        return new PutBucketAcl(bucket, anonymousWrite);
    }

    public static QingStorAcl Describe(BucketInfo bucket)
    {
        var acl = new List<QingStorGrant> { new(new QingStorGrantee("user", Owner.Id, Owner.Name), "FULL_CONTROL") };
        if (bucket.AnonymousWrite)
        {
            acl.Add(new QingStorGrant(new QingStorGrantee("group", null, AllUsers), "WRITE"));
        }

        return new QingStorAcl(Owner, acl);
    }

    private static string? Optional(JsonElement grantee, string property) =>
        grantee.TryGetProperty(property, out var value) && value.ValueKind != JsonValueKind.Null ? VendorRoutes.JsonString(value, property) : null;
}
