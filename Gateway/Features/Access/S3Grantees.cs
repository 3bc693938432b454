namespace Orleans.Multipart.Gateway.S3;

/// <summary>S3's names for grantees: the group URIs and the Grantee element's xsi:type values.</summary>
internal static class S3Grantees
{
    public const string AllUsersUri = "http://acs.amazonaws.com/groups/global/AllUsers";
    public const string AuthenticatedUsersUri = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";
    public const string LogDeliveryUri = "http://acs.amazonaws.com/groups/s3/LogDelivery";
    public const string XsiNamespace = "http://www.w3.org/2001/XMLSchema-instance";

    /// <summary>The group a URI names; NotImplemented for log delivery (no such service here), InvalidArgument for any other.</summary>
    public static Grantee Group(string uri) => uri switch
    {
        AllUsersUri => Grantee.AllUsers,
        AuthenticatedUsersUri => Grantee.AuthenticatedUsers,
        LogDeliveryUri => throw S3Errors.NotImplemented("a grant to the LogDelivery group (server access logging)"),
        _ => throw S3Errors.InvalidArgument("Invalid group uri"),
    };

    /// <summary>
    /// A grant to an e-mail address: S3's 400 UnresolvableGrantByEmailAddress for an address that names no account, which
    /// here is every address (accounts have an id and a display name, no e-mail address).
    /// </summary>
    public static DialectException UnresolvableEmail() => MultipartError.UnresolvableGrantByEmailAddress.Error();

    public static string UriOf(GranteeKind kind) => kind == GranteeKind.AllUsers ? AllUsersUri : AuthenticatedUsersUri;

    /// <summary>S3's wire names of the permissions.</summary>
    public static string Name(AclPermission permission) => permission switch
    {
        AclPermission.Read => "READ",
        AclPermission.Write => "WRITE",
        AclPermission.ReadAcp => "READ_ACP",
        AclPermission.WriteAcp => "WRITE_ACP",
        _ => "FULL_CONTROL",
    };

    public static AclPermission? Permission(string? name) => name switch
    {
        "READ" => AclPermission.Read,
        "WRITE" => AclPermission.Write,
        "READ_ACP" => AclPermission.ReadAcp,
        "WRITE_ACP" => AclPermission.WriteAcp,
        "FULL_CONTROL" => AclPermission.FullControl,
        _ => null,
    };
}
