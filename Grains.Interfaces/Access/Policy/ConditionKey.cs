namespace Orleans.Multipart.Access.Policy;

/// <summary>
/// Where a condition key's value comes from: the caller's address (<c>aws:SourceIp</c>), the caller's
/// account (<c>aws:PrincipalAccount</c>, <c>aws:userid</c>, <c>aws:username</c>), or the request's
/// <see cref="AccessRequest.Conditions"/> (everything else: <c>s3:prefix</c>, <c>s3:x-amz-acl</c>,
/// <c>aws:SecureTransport</c>, ...). Keys compare case-insensitively, as in IAM:
/// the request's dictionary uses the spellings of <see cref="KnownKeys"/>.
/// </summary>
internal sealed class ConditionKey
{
    private static readonly string[] CallerKeys = ["aws:PrincipalAccount", "aws:userid", "aws:username"];

    // Keys naming a caller or its origin: an equality on them makes an Allow to everyone not public.
    private static readonly string[] IdentifyingKeys =
    [
        "aws:PrincipalAccount", "aws:userid", "aws:username", "aws:PrincipalArn", "aws:PrincipalOrgID", "aws:SourceAccount",
        "aws:SourceArn", "aws:SourceOwner", "aws:SourceVpc", "aws:SourceVpce", "s3:DataAccessPointArn", "s3:DataAccessPointAccount",
    ];

    /// <summary>The spellings <see cref="AccessRequest.Conditions"/> uses for the keys the gateway fills in.</summary>
    public static readonly string[] KnownKeys =
    [
        "s3:prefix", "s3:delimiter", "s3:max-keys", "s3:x-amz-acl", "s3:x-amz-grant-read", "s3:x-amz-grant-write", "s3:x-amz-grant-read-acp",
        "s3:x-amz-grant-write-acp", "s3:x-amz-grant-full-control", "s3:x-amz-content-sha256", "s3:x-amz-server-side-encryption",
        "s3:x-amz-server-side-encryption-customer-algorithm", "s3:x-amz-copy-source", "s3:x-amz-metadata-directive", "s3:x-amz-storage-class", "s3:signatureversion", "s3:authType",
        "aws:SecureTransport", "aws:Referer", "aws:UserAgent", "aws:CurrentTime", "aws:EpochTime",
    ];

    private readonly string name;
    private readonly bool fromCaller;

    private ConditionKey(string name)
    {
        if (!(name.StartsWith("aws:", StringComparison.OrdinalIgnoreCase) || name.StartsWith("s3:", StringComparison.OrdinalIgnoreCase)) || name.Length <= 4)
        {
            throw PolicyErrors.Malformed($"Policy has an invalid condition key: {name}");
        }

        // The request's dictionary spells the keys it knows as IAM documents them; a policy may spell them in any case.
        this.name = KnownKeys.FirstOrDefault(k => k.Equals(name, StringComparison.OrdinalIgnoreCase)) ?? name;
        IsSourceIp = name.Equals("aws:SourceIp", StringComparison.OrdinalIgnoreCase);
        fromCaller = CallerKeys.Contains(name, StringComparer.OrdinalIgnoreCase);
        NamesCaller = IdentifyingKeys.Contains(name, StringComparer.OrdinalIgnoreCase);
    }

    public bool IsSourceIp { get; }

    public bool NamesCaller { get; }

    public static ConditionKey For(string name) => new(name);

    public bool TryGetValue(AccessRequest request, out string value)
    {
        if (fromCaller)
        {
            value = request.Caller.AccountId;
            return !request.Caller.IsAnonymous;
        }

        var conditions = request.Conditions;
        if (conditions is null || conditions.Count == 0)
        {
            value = "";
            return false;
        }

        if (conditions.TryGetValue(name, out var found))
        {
            value = found;
            return true;
        }

        value = "";
        return false;
    }
}
