namespace Orleans.Multipart.Access.Policy;

/// <summary>
/// One statement, compiled: it applies to a request when the caller is among its principals (or not
/// among its NotPrincipal), the action matches Action (or none of NotAction), the resource matches
/// Resource (or none of NotResource), and every condition holds.
/// </summary>
internal sealed class PolicyStatement
{
    public required string? Sid { get; init; }

    public required bool IsDeny { get; init; }

    public required PolicyPrincipals Principals { get; init; }

    public required bool NotPrincipal { get; init; }

    /// <summary>Action patterns, compared case-insensitively (<c>s3:*</c>, <c>s3:Get*</c>, <c>s3:PutObject</c>).</summary>
    public required WildcardPattern[] Actions { get; init; }

    public required bool NotAction { get; init; }

    public required ResourcePattern[] Resources { get; init; }

    public required bool NotResource { get; init; }

    public required PolicyCondition[] Conditions { get; init; }

    public bool AppliesTo(AccessRequest request)
    {
        if (Principals.Includes(request.Caller) == NotPrincipal)
        {
            return false;
        }

        if (AnyActionMatches(request.Action) == NotAction)
        {
            return false;
        }

        if (AnyResourceMatches(request.Bucket, request.Key) == NotResource)
        {
            return false;
        }

        foreach (var condition in Conditions)
        {
            if (!condition.Holds(request))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>S3's "public" rule: an Allow to everyone (or to all but some principals) that no condition narrows to known callers or addresses.</summary>
    public bool IsPublic =>
        !IsDeny && (NotPrincipal || Principals.Everyone) && !Conditions.Any(c => c.RestrictsCallers);

    private bool AnyActionMatches(string action)
    {
        foreach (var pattern in Actions)
        {
            if (pattern.Matches(action))
            {
                return true;
            }
        }

        return false;
    }

    private bool AnyResourceMatches(string bucket, string? key)
    {
        foreach (var resource in Resources)
        {
            if (resource.Matches(bucket, key))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>
/// A Resource ARN (<c>arn:aws:s3:::bucket</c>, <c>arn:aws:s3:::bucket/prefix*</c>, <c>*</c>) compiled to a
/// pattern over <c>bucket</c> or <c>bucket/key</c>, the ARN's fixed head removed.
/// </summary>
internal sealed class ResourcePattern
{
    public const string ArnPrefix = "arn:aws:s3:::";

    private readonly WildcardPattern pattern;

    private ResourcePattern(string written, WildcardPattern pattern)
    {
        Written = written;
        this.pattern = pattern;
    }

    /// <summary>The ARN as written.</summary>
    public string Written { get; }

    /// <summary>The pattern after <see cref="ArnPrefix"/> (<c>bucket/prefix*</c>).</summary>
    public string Path => pattern.Text;

    /// <summary>Compiles <paramref name="arn"/>; when <paramref name="bucket"/> is given, refuses a resource that can name neither that bucket nor one of its objects (S3: "Policy has invalid resource").</summary>
    public static ResourcePattern Compile(string arn, string? bucket)
    {
        string path;
        if (arn == "*")
        {
            path = "*";
        }
        else if (arn.StartsWith(ArnPrefix, StringComparison.Ordinal) && arn.Length > ArnPrefix.Length)
        {
            path = arn[ArnPrefix.Length..];
        }
        else
        {
            throw PolicyErrors.Malformed($"Policy has invalid resource: {arn}");
        }

        var compiled = WildcardPattern.Compile(path, ignoreCase: false);
        if (bucket is not null && !compiled.Matches(bucket) && !compiled.CanMatchSomethingStartingWith(bucket + "/"))
        {
            throw PolicyErrors.Malformed($"Policy has invalid resource: {arn} does not name bucket {bucket} or its objects");
        }

        return new ResourcePattern(arn, compiled);
    }

    public bool Matches(string bucket, string? key) =>
        key is null ? pattern.Matches(bucket) : pattern.Matches(new PolicyText(bucket, key));
}
