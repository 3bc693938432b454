using System.Globalization;
using System.Net;

namespace Orleans.Multipart.Access.Policy;

/// <summary>The condition operators of the served subset (<c>...IfExists</c> variants are the same operators with <see cref="PolicyCondition.IfExists"/>).</summary>
internal enum ConditionOperator
{
    StringEquals,
    StringNotEquals,
    StringEqualsIgnoreCase,
    StringNotEqualsIgnoreCase,
    StringLike,
    StringNotLike,
    NumericEquals,
    NumericNotEquals,
    NumericLessThan,
    NumericLessThanEquals,
    NumericGreaterThan,
    NumericGreaterThanEquals,
    Bool,
    IpAddress,
    NotIpAddress,
    Null,
}

/// <summary>
/// One condition (operator, key, values) of a statement, its values compiled when the policy is parsed
/// (patterns, networks, numbers). As in IAM: the values of one key are alternatives (any may match; for a
/// negated operator none may), and a key the request does not carry fails a condition except a negated
/// one, an <c>...IfExists</c> one, or <c>Null: true</c>.
/// </summary>
internal sealed class PolicyCondition
{
    private readonly ConditionKey source;
    private readonly WildcardPattern[] patterns;
    private readonly IPNetwork[] networks;
    private readonly decimal[] numbers;
    private readonly bool expectedBool;

    private PolicyCondition(string operatorName, ConditionOperator op, bool ifExists, string key, IReadOnlyList<string> values)
    {
        OperatorName = operatorName;
        Operator = op;
        IfExists = ifExists;
        Key = key;
        Values = values;
        source = ConditionKey.For(key);
        patterns = [];
        networks = [];
        numbers = [];

        if (op != ConditionOperator.Null && source.IsSourceIp != (op is ConditionOperator.IpAddress or ConditionOperator.NotIpAddress))
        {
            throw PolicyErrors.Malformed(source.IsSourceIp
                ? $"Condition key {key} takes only the IpAddress, NotIpAddress and Null operators"
                : $"The {operatorName} condition operator takes only the aws:SourceIp key, not {key}");
        }

        switch (op)
        {
            case ConditionOperator.StringEquals or ConditionOperator.StringNotEquals or ConditionOperator.StringLike or ConditionOperator.StringNotLike:
                // StringEquals compares exactly: a literal pattern of a value with no wildcard meaning.
                patterns = [.. values.Select(v => op is ConditionOperator.StringLike or ConditionOperator.StringNotLike
                    ? WildcardPattern.Compile(v, ignoreCase: false)
                    : LiteralPattern(v, ignoreCase: false))];
                break;
            case ConditionOperator.StringEqualsIgnoreCase or ConditionOperator.StringNotEqualsIgnoreCase:
                patterns = [.. values.Select(v => LiteralPattern(v, ignoreCase: true))];
                break;
            case ConditionOperator.IpAddress or ConditionOperator.NotIpAddress:
                networks = [.. values.SelectMany(ParseNetwork)];
                break;
            case ConditionOperator.Bool or ConditionOperator.Null:
                expectedBool = values.Count == 1 && bool.TryParse(values[0], out var b)
                    ? b
                    : throw PolicyErrors.Malformed($"The {operatorName} condition operator takes one value, true or false");
                break;
            default:
                numbers = [.. values.Select(v => decimal.TryParse(v, NumberStyles.Number, CultureInfo.InvariantCulture, out var n)
                    ? n
                    : throw PolicyErrors.Malformed($"The {operatorName} condition operator takes numbers, not \"{v}\""))];
                break;
        }
    }

    /// <summary>The operator as written (with IfExists when it was).</summary>
    public string OperatorName { get; }

    public ConditionOperator Operator { get; }

    public bool IfExists { get; }

    /// <summary>The key as written (e.g. <c>s3:prefix</c>).</summary>
    public string Key { get; }

    /// <summary>The values as written (numbers and booleans as their JSON text).</summary>
    public IReadOnlyList<string> Values { get; }

    public static PolicyCondition Create(string operatorName, string key, IReadOnlyList<string> values)
    {
        var name = operatorName;
        var ifExists = name.EndsWith("IfExists", StringComparison.Ordinal) && name != "IfExists";
        if (ifExists)
        {
            name = name[..^"IfExists".Length];
        }

        if (!Enum.TryParse<ConditionOperator>(name, ignoreCase: false, out var op) || !Enum.IsDefined(op) || char.IsDigit(name[0]) || (ifExists && op == ConditionOperator.Null))
        {
            throw PolicyErrors.Malformed($"Invalid Condition type : {operatorName}");
        }

        if (values.Count == 0)
        {
            throw PolicyErrors.Malformed($"Condition {operatorName} on {key} has no values");
        }

        return new PolicyCondition(operatorName, op, ifExists, key, values);
    }

    public bool Holds(AccessRequest request)
    {
        if (source.IsSourceIp)
        {
            return HoldsForAddress(request.SourceIp);
        }

        var present = source.TryGetValue(request, out var value);
        if (Operator == ConditionOperator.Null)
        {
            return expectedBool != present;
        }

        if (!present)
        {
            return IfExists || IsNegated;
        }

        return Operator switch
        {
            ConditionOperator.StringEquals or ConditionOperator.StringLike or ConditionOperator.StringEqualsIgnoreCase => AnyPatternMatches(value),
            ConditionOperator.StringNotEquals or ConditionOperator.StringNotLike or ConditionOperator.StringNotEqualsIgnoreCase => !AnyPatternMatches(value),
            ConditionOperator.Bool => bool.TryParse(value, out var b) && b == expectedBool,
            _ => HoldsForNumber(value),
        };
    }

    /// <summary>Whether the condition narrows who the statement applies to, so that an Allow to everyone under it is not public (S3's rule for GetBucketPolicyStatus).</summary>
    public bool RestrictsCallers =>
        Operator switch
        {
            // A fixed source range: every network at least /8 (IPv4) or /32 (IPv6) wide is "the whole Internet".
            ConditionOperator.IpAddress => networks.Length > 0 && networks.All(n => n.PrefixLength >= (n.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 8 : 32)),
            ConditionOperator.StringEquals or ConditionOperator.StringEqualsIgnoreCase or ConditionOperator.StringLike =>
                source.NamesCaller && patterns.All(p => !p.HasWildcards),
            _ => false,
        };

    private bool IsNegated => Operator is ConditionOperator.StringNotEquals or ConditionOperator.StringNotEqualsIgnoreCase or ConditionOperator.StringNotLike
        or ConditionOperator.NumericNotEquals or ConditionOperator.NotIpAddress;

    private bool AnyPatternMatches(string value)
    {
        foreach (var pattern in patterns)
        {
            if (pattern.Matches(value))
            {
                return true;
            }
        }

        return false;
    }

    private bool HoldsForAddress(IPAddress? address)
    {
        if (Operator == ConditionOperator.Null)
        {
            return expectedBool == (address is null);
        }

        if (address is null)
        {
            return IfExists || IsNegated;
        }

        var inside = false;
        foreach (var network in networks)
        {
            if (network.Contains(address))
            {
                inside = true;
                break;
            }
        }

        return Operator == ConditionOperator.IpAddress ? inside : !inside;
    }

    private bool HoldsForNumber(string value)
    {
        if (!decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var actual))
        {
            return Operator == ConditionOperator.NumericNotEquals;
        }

        var any = false;
        foreach (var n in numbers)
        {
            any |= Operator switch
            {
                ConditionOperator.NumericEquals or ConditionOperator.NumericNotEquals => actual == n,
                ConditionOperator.NumericLessThan => actual < n,
                ConditionOperator.NumericLessThanEquals => actual <= n,
                ConditionOperator.NumericGreaterThan => actual > n,
                _ => actual >= n,
            };
        }

        return Operator == ConditionOperator.NumericNotEquals ? !any : any;
    }

    private static WildcardPattern LiteralPattern(string value, bool ignoreCase) =>
        WildcardPattern.CompileLiteral(value, ignoreCase);

    private static IEnumerable<IPNetwork> ParseNetwork(string text)
    {
        IPNetwork network;
        if (IPNetwork.TryParse(text, out var parsed))
        {
            network = parsed;
        }
        else if (IPAddress.TryParse(text, out var single))
        {
            network = new IPNetwork(single, single.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
        }
        else
        {
            throw PolicyErrors.Malformed($"Invalid IP address or CIDR range in condition: \"{text}\"");
        }

        yield return network;

        // A dual-stack listener reports IPv4 callers as ::ffff:a.b.c.d; the mapped range matches them
        // without converting each request's address.
        if (network.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
        {
            yield return new IPNetwork(network.BaseAddress.MapToIPv6(), 96 + network.PrefixLength);
        }
    }
}
