using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Orleans.Multipart.Gateway.S3;

/// <summary>
/// A POST Object policy document (base64 JSON: <c>expiration</c> and <c>conditions</c>, both named in lower
/// case as AWS requires) and its rules: the form is refused once the policy has expired, when a condition
/// does not hold (<c>{"field": "value"}</c> and <c>["eq" | "starts-with", "$field", "value"]</c>, field names
/// without regard to case), and when the form carries a field no condition names.
/// <c>["content-length-range", min, max]</c> bounds the file, checked while it is stored.
/// </summary>
internal sealed class S3PostPolicy
{
    /// <summary>Fields a policy need not name (AWS): the signature's own fields, the policy, the file and <c>x-ignore-*</c>.</summary>
    private static readonly HashSet<string> Unconditioned = new(StringComparer.OrdinalIgnoreCase)
    {
        "policy", "x-amz-signature", "signature", "AWSAccessKeyId", "file",
    };

    private readonly List<(string Operator, string Field, string Value)> _conditions = [];

    private S3PostPolicy(DateTimeOffset expiration) => Expiration = expiration;

    public DateTimeOffset Expiration { get; }

    /// <summary>The file's size bounds (content-length-range), null when the policy sets none.</summary>
    public (long Min, long Max)? LengthRange { get; private set; }

    /// <summary>The decoded policy; 400 InvalidPolicyDocument-like InvalidArgument for anything that is not a policy AWS would read.</summary>
    public static S3PostPolicy Parse(string base64)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(Convert.FromBase64String(base64));
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            throw Invalid("the policy is not base64-encoded JSON");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Invalid("the policy is not a JSON object");
            }

            if (!root.TryGetProperty("expiration", out var expirationText) || expirationText.ValueKind != JsonValueKind.String)
            {
                throw Invalid("Policy missing expiration");
            }

            if (!DateTimeOffset.TryParseExact(expirationText.GetString(), ["yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var expiration))
            {
                throw Invalid($"Invalid 'expiration' value: '{expirationText.GetString()}'");
            }

            if (!root.TryGetProperty("conditions", out var conditions) || conditions.ValueKind != JsonValueKind.Array)
            {
                throw Invalid("Policy missing conditions");
            }

            var policy = new S3PostPolicy(expiration);
            foreach (var condition in conditions.EnumerateArray())
            {
                policy.Add(condition);
            }

            return policy;
        }
    }

    /// <summary>Throws 403 AccessDenied when the policy has expired, a condition fails, or a field is not named by any condition.</summary>
    public void Check(IReadOnlyDictionary<string, string> fields, string bucket, DateTimeOffset now)
    {
        if (now > Expiration)
        {
            throw S3Errors.AccessDenied("Invalid according to Policy: Policy expired.");
        }

        foreach (var (op, field, expected) in _conditions)
        {
            var actual = field.Equals("bucket", StringComparison.OrdinalIgnoreCase) ? bucket : fields.GetValueOrDefault(field);
            // starts-with "" allows any value, the field's absence included (AWS).
            var holds = (actual is null && op == "starts-with" && expected.Length == 0) || actual is not null && (op == "eq"
                ? actual == expected
                : field.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)
                    ? actual.Split(',').All(type => type.Trim().StartsWith(expected, StringComparison.Ordinal))
                    : actual.StartsWith(expected, StringComparison.Ordinal));
            if (!holds)
            {
                throw S3Errors.AccessDenied($"Invalid according to Policy: Policy Condition failed: [\"{op}\", \"${field}\", \"{expected}\"]");
            }
        }

        foreach (var name in fields.Keys)
        {
            if (!Unconditioned.Contains(name) && !name.StartsWith("x-ignore-", StringComparison.OrdinalIgnoreCase)
                && !_conditions.Any(c => c.Field.Equals(name, StringComparison.OrdinalIgnoreCase)))
            {
                throw S3Errors.AccessDenied($"Invalid according to Policy: Extra input fields: {name}");
            }
        }
    }

    private void Add(JsonElement condition)
    {
        switch (condition.ValueKind)
        {
            // {"field": "value"}: an exact match.
            case JsonValueKind.Object when condition.EnumerateObject().Any():
                foreach (var property in condition.EnumerateObject())
                {
                    _conditions.Add(("eq", property.Name, Text(property.Value)));
                }

                break;

            case JsonValueKind.Array when condition.GetArrayLength() > 0 && condition[0].ValueKind == JsonValueKind.String:
                var op = condition[0].GetString()!.ToLowerInvariant();
                if (op == "content-length-range")
                {
                    if (condition.GetArrayLength() != 3 || !condition[1].TryGetInt64(out var min) || !condition[2].TryGetInt64(out var max) || min < 0 || max < min)
                    {
                        throw Invalid("Invalid content-length-range: it takes two integers, 0 <= min <= max");
                    }

                    LengthRange = (min, max);
                    return;
                }

                if (op is not ("eq" or "starts-with") || condition.GetArrayLength() != 3 || condition[1].ValueKind != JsonValueKind.String
                    || condition[1].GetString() is not ['$', .. var field])
                {
                    throw Invalid($"Invalid condition: {condition.GetRawText()}");
                }

                _conditions.Add((op, field, Text(condition[2])));
                break;

            default:
                throw Invalid($"Invalid condition: {condition.GetRawText()}");
        }
    }

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => throw Invalid($"Invalid condition value: {value.GetRawText()}"),
    };

    private static DialectException Invalid(string why) =>
        S3Errors.InvalidArgument(new StringBuilder("Invalid Policy: ").Append(why).Append('.').ToString());
}
