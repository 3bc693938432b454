using System.Text.Json;

namespace Orleans.Multipart.Access.Policy;

/// <summary>
/// Reads a bucket policy in S3's language (the subset README's "Bucket policies" section lists) into
/// compiled statements, refusing with MalformedPolicy and a reason whatever it does not know rather than
/// ignoring it: an ignored Deny or condition would silently give away access.
/// </summary>
internal static class S3PolicyParser
{
    /// <summary>S3's limit on a bucket policy.</summary>
    public const int MaxDocumentLength = 20 * 1024;

    private static readonly string[] Versions = ["2012-10-17", "2008-10-17"];

    /// <summary>
    /// Parses <paramref name="document"/>; with <paramref name="bucket"/> (a policy being written), also refuses resources that
    /// cannot name that bucket or its objects, and NotPrincipal in an Allow statement.
    /// </summary>
    public static PolicyStatement[] Parse(string document, string? bucket)
    {
        using var json = ReadJson(document);
        var root = json.RootElement;
        JsonElement? statements = null;
        foreach (var property in root.EnumerateObject())
        {
            switch (property.Name)
            {
                case "Version":
                    if (property.Value.ValueKind != JsonValueKind.String || !Versions.Contains(property.Value.GetString()))
                    {
                        throw PolicyErrors.Malformed($"Invalid Version: {property.Value.GetRawText()} (2012-10-17 or 2008-10-17)");
                    }

                    break;
                case "Id":
                    _ = property.Value.ValueKind == JsonValueKind.String ? 0 : throw PolicyErrors.Malformed("Id must be a string");
                    break;
                case "Statement":
                    statements = property.Value;
                    break;
                default:
                    throw PolicyErrors.Malformed($"Unknown field {property.Name}");
            }
        }

        var elements = statements switch
        {
            null => throw PolicyErrors.Malformed("Missing required field Statement"),
            { ValueKind: JsonValueKind.Object } one => [one],
            { ValueKind: JsonValueKind.Array } many => many.EnumerateArray().ToArray(),
            _ => throw PolicyErrors.Malformed("Statement must be an object or an array of objects"),
        };
        if (elements.Length == 0)
        {
            throw PolicyErrors.Malformed("Missing required field Statement: the policy has no statements");
        }

        var sids = new HashSet<string>(StringComparer.Ordinal);
        var parsed = new PolicyStatement[elements.Length];
        for (var i = 0; i < elements.Length; i++)
        {
            parsed[i] = ParseStatement(elements[i], bucket);
            if (parsed[i].Sid is { } sid && !sids.Add(sid))
            {
                throw PolicyErrors.Malformed($"Statement IDs (SID) in a single policy must be unique: {sid}");
            }
        }

        return parsed;
    }

    /// <summary>Parses JSON the way both dialects need: an object first, refused as S3 words it otherwise.</summary>
    public static JsonDocument ReadJson(string document)
    {
        if (document.Length > MaxDocumentLength)
        {
            throw PolicyErrors.Malformed($"Policy exceeds the maximum allowed document size ({MaxDocumentLength} bytes).");
        }

        if (!document.AsSpan().TrimStart().StartsWith("{", StringComparison.Ordinal))
        {
            throw PolicyErrors.Malformed(PolicyErrors.NotJson);
        }

        try
        {
            return JsonDocument.Parse(document);
        }
        catch (JsonException)
        {
            throw PolicyErrors.Malformed(PolicyErrors.NotJson);
        }
    }

    private static PolicyStatement ParseStatement(JsonElement statement, string? bucket)
    {
        if (statement.ValueKind != JsonValueKind.Object)
        {
            throw PolicyErrors.Malformed("Each statement must be an object");
        }

        string? sid = null, effect = null;
        JsonElement? principal = null, notPrincipal = null, action = null, notAction = null, resource = null, notResource = null, condition = null;
        foreach (var property in statement.EnumerateObject())
        {
            switch (property.Name)
            {
                case "Sid":
                    sid = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : throw PolicyErrors.Malformed("Sid must be a string");
                    break;
                case "Effect":
                    effect = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : throw PolicyErrors.Malformed("Effect must be a string");
                    break;
                case "Principal": principal = property.Value; break;
                case "NotPrincipal": notPrincipal = property.Value; break;
                case "Action": action = property.Value; break;
                case "NotAction": notAction = property.Value; break;
                case "Resource": resource = property.Value; break;
                case "NotResource": notResource = property.Value; break;
                case "Condition": condition = property.Value; break;
                default: throw PolicyErrors.Malformed($"Unknown field {property.Name} in statement");
            }
        }

        var isDeny = effect switch
        {
            "Allow" => false,
            "Deny" => true,
            null => throw PolicyErrors.Malformed("Missing required field Effect"),
            _ => throw PolicyErrors.Malformed($"Invalid effect: {effect}"),
        };

        // IAM: "NotPrincipal must be used with Effect Deny; using it with Allow is not supported". Refused when a
        // policy is written (bucket known); a stored one from before this check keeps the meaning it was accepted with.
        if (notPrincipal is not null && !isDeny && bucket is not null)
        {
            throw PolicyErrors.Malformed("NotPrincipal is supported only in a statement with Effect Deny");
        }

        return new PolicyStatement
        {
            Sid = sid,
            IsDeny = isDeny,
            Principals = ParsePrincipal(Exactly(principal, notPrincipal, "Principal")),
            NotPrincipal = notPrincipal is not null,
            Actions = [.. Strings(Exactly(action, notAction, "Action"), "Action").Select(ParseAction)],
            NotAction = notAction is not null,
            Resources = [.. Strings(Exactly(resource, notResource, "Resource"), "Resource").Select(r => ResourcePattern.Compile(r, bucket))],
            NotResource = notResource is not null,
            Conditions = condition is { } c ? ParseConditions(c) : [],
        };
    }

    private static JsonElement Exactly(JsonElement? positive, JsonElement? negative, string name) =>
        (positive, negative) switch
        {
            ({ } p, null) => p,
            (null, { } n) => n,
            (null, null) => throw PolicyErrors.Malformed($"Missing required field {name}"),
            _ => throw PolicyErrors.Malformed($"A statement may not have both {name} and Not{name}"),
        };

    private static PolicyPrincipals ParsePrincipal(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.String)
        {
            return element.GetString() == "*" ? PolicyPrincipals.All : throw PolicyErrors.Malformed($"Invalid principal in policy: {element.GetString()}");
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw PolicyErrors.Malformed("Invalid principal in policy: Principal must be \"*\" or an object");
        }

        List<string> aws = [], canonical = [];
        foreach (var property in element.EnumerateObject())
        {
            switch (property.Name)
            {
                case "AWS": aws.AddRange(Strings(property.Value, "Principal AWS")); break;
                case "CanonicalUser": canonical.AddRange(Strings(property.Value, "Principal CanonicalUser")); break;
                default: throw PolicyErrors.Malformed($"Invalid principal in policy: {property.Name} principals are not served (AWS or CanonicalUser)");
            }
        }

        return aws.Count + canonical.Count > 0 ? PolicyPrincipals.Of(aws, canonical) : throw PolicyErrors.Malformed("Invalid principal in policy: it names nobody");
    }

    private static WildcardPattern ParseAction(string action)
    {
        var valid = action == "*" || (action.StartsWith("s3:", StringComparison.OrdinalIgnoreCase) && action.Length > 3
            && action.AsSpan(3).IndexOfAnyExcept("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ*?") < 0);
        return valid ? WildcardPattern.Compile(action, ignoreCase: true) : throw PolicyErrors.Malformed($"Policy has invalid action: {action}");
    }

    private static PolicyCondition[] ParseConditions(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw PolicyErrors.Malformed("Condition must be an object of operators");
        }

        var conditions = new List<PolicyCondition>();
        foreach (var op in element.EnumerateObject())
        {
            if (op.Value.ValueKind != JsonValueKind.Object)
            {
                throw PolicyErrors.Malformed($"Condition {op.Name} must be an object of condition keys");
            }

            foreach (var key in op.Value.EnumerateObject())
            {
                conditions.Add(PolicyCondition.Create(op.Name, key.Name, ConditionValues(key.Value, key.Name)));
            }
        }

        return [.. conditions];
    }

    private static List<string> ConditionValues(JsonElement element, string key)
    {
        static string Text(JsonElement value, string key) => value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => throw PolicyErrors.Malformed($"Condition values of {key} must be strings, numbers or booleans"),
        };

        return element.ValueKind == JsonValueKind.Array ? [.. element.EnumerateArray().Select(v => Text(v, key))] : [Text(element, key)];
    }

    private static List<string> Strings(JsonElement element, string name)
    {
        List<string> values = element.ValueKind switch
        {
            JsonValueKind.String => [element.GetString()!],
            JsonValueKind.Array => [.. element.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : throw PolicyErrors.Malformed($"{name} must be a string or an array of strings"))],
            _ => throw PolicyErrors.Malformed($"{name} must be a string or an array of strings"),
        };
        return values.Count > 0 && values.All(v => v.Length > 0) ? values : throw PolicyErrors.Malformed($"{name} may not be empty");
    }
}
