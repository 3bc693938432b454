using System.Collections.Frozen;

namespace Orleans.Multipart.Access.Policy;

/// <summary>
/// Who a statement's Principal (or NotPrincipal) names: everyone (<c>"*"</c>, <c>{"AWS": "*"}</c>,
/// anonymous callers included) or accounts. An account is named by its id, by
/// <c>arn:aws:iam::&lt;account&gt;:root</c>, by <c>arn:aws:iam::&lt;tenant&gt;:user/&lt;account&gt;</c> (Ceph's
/// spelling of a user, which is an account here), or as a CanonicalUser id.
/// </summary>
internal sealed class PolicyPrincipals
{
    private readonly FrozenSet<string> accounts;

    private PolicyPrincipals(bool everyone, IReadOnlyList<string> written, FrozenSet<string> accounts)
    {
        Everyone = everyone;
        Written = written;
        this.accounts = accounts;
    }

    public bool Everyone { get; }

    /// <summary>The principals as written (for rendering the policy in another dialect).</summary>
    public IReadOnlyList<string> Written { get; }

    /// <summary>The account ids named.</summary>
    public IEnumerable<string> Accounts => accounts;

    public static PolicyPrincipals All { get; } = new(true, ["*"], FrozenSet<string>.Empty);

    public static PolicyPrincipals Of(IReadOnlyList<string> written, IReadOnlyList<string> canonicalUsers)
    {
        var everyone = false;
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var principal in written)
        {
            if (principal == "*")
            {
                everyone = true;
            }
            else
            {
                ids.Add(AccountOf(principal));
            }
        }

        foreach (var id in canonicalUsers)
        {
            ids.Add(AccountIds.IsValid(id) ? id : throw PolicyErrors.Malformed($"Invalid principal in policy: {id}"));
        }

        return new PolicyPrincipals(everyone, [.. written, .. canonicalUsers], ids.ToFrozenSet(StringComparer.Ordinal));
    }

    public bool Includes(Principal caller) => Everyone || (!caller.IsAnonymous && accounts.Contains(caller.AccountId));

    private static string AccountOf(string principal)
    {
        const string iam = "arn:aws:iam::";
        var id = principal;
        if (principal.StartsWith(iam, StringComparison.Ordinal))
        {
            var rest = principal.AsSpan(iam.Length);
            var colon = rest.IndexOf(':');
            var resource = colon < 0 ? default : rest[(colon + 1)..];
            id = resource.SequenceEqual("root") ? rest[..colon].ToString()
                : resource.StartsWith("user/") ? resource["user/".Length..].ToString()
                : "";
        }

        return AccountIds.IsValid(id) ? id : throw PolicyErrors.Malformed($"Invalid principal in policy: {principal}");
    }
}
