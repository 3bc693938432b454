namespace Orleans.Multipart.Gateway.S3;

/// <summary>
/// S3's ACL request headers: the canned <c>x-amz-acl</c> and the grants <c>x-amz-grant-read|write|read-acp|write-acp|full-control</c>
/// (<c>id="account", uri="group URI"</c>, comma-separated), as headers or, in a presigned URL (where SDKs move x-amz-* headers),
/// as query parameters. Read on PutBucketAcl/PutObjectAcl and on the writes that create a resource (CreateBucket, PutObject,
/// CreateMultipartUpload, CopyObject).
/// </summary>
internal static class S3AclHeaders
{
    public const string Canned = "x-amz-acl";

    private const string GrantPrefix = "x-amz-grant-";

    private static readonly (string Header, AclPermission Permission)[] GrantHeaders =
    [
        ("x-amz-grant-read", AclPermission.Read),
        ("x-amz-grant-write", AclPermission.Write),
        ("x-amz-grant-read-acp", AclPermission.ReadAcp),
        ("x-amz-grant-write-acp", AclPermission.WriteAcp),
        ("x-amz-grant-full-control", AclPermission.FullControl),
    ];

    /// <summary>Whether a PUT or POST names an ACL (cheap: one lookup and a scan of the header names).</summary>
    public static bool Present(HttpRequest request, RequestTarget t) =>
        (HttpMethods.IsPut(request.Method) || HttpMethods.IsPost(request.Method))
        && (request.Headers.ContainsKey(Canned) || t.Has(Canned)
            || request.Headers.Keys.Any(IsGrant) || t.Query.Any(q => IsGrant(q.Key)));

    /// <summary>
    /// The ACL the headers ask for; null when they name none. InvalidRequest for a canned ACL with grants, InvalidArgument
    /// for an unknown canned ACL or grantee, UnresolvableGrantByEmailAddress for an e-mail grantee, NotImplemented for what the
    /// service does not keep (log delivery).
    /// </summary>
    public static AclRequest? Read(HttpRequest request, RequestTarget t)
    {
        var canned = Value(request, t, Canned)?.Trim();
        var grants = new List<Grant>();
        foreach (var (header, permission) in GrantHeaders)
        {
            if (Value(request, t, header) is { } value)
            {
                grants.AddRange(Grantees(value).Select(grantee => new Grant(grantee, permission)));
            }
        }

        var unknownGrant = request.Headers.Keys.Concat(t.Query.Select(q => q.Key))
            .FirstOrDefault(h => IsGrant(h) && !GrantHeaders.Any(g => g.Header.Equals(h, StringComparison.OrdinalIgnoreCase)));
        if (unknownGrant is not null)
        {
            throw S3Errors.InvalidArgument($"{unknownGrant.ToLowerInvariant()} is not a grant header: x-amz-grant-read, -write, -read-acp, -write-acp or -full-control.");
        }

        var hasGrants = GrantHeaders.Any(g => Value(request, t, g.Header) is not null);
        if (canned is not null && hasGrants)
        {
            throw S3Errors.InvalidRequest("Specifying both Canned ACLs and Header Grants is not allowed");
        }

        if (canned is not null)
        {
            return AclRequest.FromCanned(canned) ?? (canned is "log-delivery-write" or "aws-exec-read"
                ? throw S3Errors.NotImplemented($"{Canned}: {canned} grants to an AWS service group, which this service does not have")
                : throw S3Errors.InvalidArgument($"{Canned}: '{canned}' is not a canned ACL: private, public-read, public-read-write, authenticated-read, bucket-owner-read or bucket-owner-full-control."));
        }

        return hasGrants ? new AclRequest(grants) : null;
    }

    /// <summary><c>id="..."</c>, <c>uri="..."</c> (and <c>emailAddress="..."</c>, which names no account here), comma-separated.</summary>
    internal static IEnumerable<Grantee> Grantees(string value)
    {
        var list = new List<Grantee>();
        foreach (var item in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = item.IndexOf('=');
            if (eq <= 0)
            {
                throw S3Errors.InvalidArgument($"'{item}' is not a grantee: id=\"account\" or uri=\"group URI\".");
            }

            var kind = item[..eq].Trim();
            var name = item[(eq + 1)..].Trim().Trim('"');
            list.Add(kind.ToLowerInvariant() switch
            {
                "id" => Grantee.Account(name),
                "uri" => S3Grantees.Group(name),
                "emailaddress" => throw S3Grantees.UnresolvableEmail(),
                _ => throw S3Errors.InvalidArgument($"'{kind}' is not a grantee type: id or uri."),
            });
        }

        return list;
    }

    private static bool IsGrant(string name) => name.StartsWith(GrantPrefix, StringComparison.OrdinalIgnoreCase);

    private static string? Value(HttpRequest request, RequestTarget t, string name) =>
        request.Headers.TryGetValue(name, out var values) ? values.ToString() : t.Get(name);
}
