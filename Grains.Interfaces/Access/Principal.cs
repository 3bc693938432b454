namespace Orleans.Multipart;

/// <summary>
/// Who a request or grain call acts for: an account, the access key that proved it (null for the
/// anonymous principal and for service callers the cluster trusts), and whether the account administers
/// the service (administrators pass every access check and may manage accounts).
/// </summary>
[GenerateSerializer, Immutable, Alias("omp.Principal")]
public sealed record Principal(
    [property: Id(0)] string AccountId,
    [property: Id(1)] string? AccessKeyId,
    [property: Id(2)] bool IsAdmin = false)
{
    /// <summary>An unsigned request: it may do only what a policy or ACL grants to everyone (AllUsers, Principal "*").</summary>
    public static readonly Principal Anonymous = new(AccountIds.Anonymous, null);

    public bool IsAnonymous => AccountId == AccountIds.Anonymous;
}

/// <summary>Account ids the service reserves: no account may be created under them.</summary>
public static class AccountIds
{
    /// <summary>The account of unsigned requests.</summary>
    public const string Anonymous = "anonymous";

    /// <summary>The bootstrap administrator: the account of the configured <c>Auth:RootAccessKey</c>, and the owner of buckets created before accounts existed.</summary>
    public const string Root = "root";

    /// <summary>An account id: 1-64 characters of lower-case letters, digits, '-' and '_', starting with a letter or digit; not a reserved id.</summary>
    public static bool IsValid(string? id) =>
        id is { Length: >= 1 and <= 64 } && char.IsAsciiLetterLower(id[0]) | char.IsAsciiDigit(id[0])
        && id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_')
        && id != Anonymous;
}
