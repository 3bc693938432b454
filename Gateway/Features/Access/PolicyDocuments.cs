using System.Text.Json;

namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>
/// The policy language as the wire operations need it: validating a document before it is stored and telling whether
/// it makes the bucket public. A thin stand-in for <c>BucketPolicy.Parse</c> / <c>BucketPolicy.IsPublic</c>, which the
/// policy language (issue 22) provides: each method is the one line to switch to them once they are on main.
/// </summary>
internal static class PolicyDocuments
{
    private static readonly HashSet<string> Effects = new(StringComparer.Ordinal) { "Allow", "Deny" };

    /// <summary>The document as the policy of <paramref name="bucket"/>; MalformedPolicy with the reason when it is not one.</summary>
    public static BucketPolicy Parse(string document, string bucket)
    {
        JsonElement root;
        try
        {
            using var parsed = JsonDocument.Parse(document);
            root = parsed.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw Malformed("Policies must be valid JSON and the first byte must be '{'");
        }

        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("Statement", out var statements))
        {
            throw Malformed("Missing required field Statement");
        }

        var list = statements.ValueKind switch
        {
            JsonValueKind.Array => statements.EnumerateArray().ToList(),
            JsonValueKind.Object => [statements],
            _ => throw Malformed("Statement must be an object or an array of objects"),
        };
        if (list.Count == 0)
        {
            throw Malformed("Could not parse the policy: Statement is empty!");
        }

        foreach (var statement in list)
        {
            if (statement.ValueKind != JsonValueKind.Object)
            {
                throw Malformed("Statement must be an object or an array of objects");
            }

            if (!statement.TryGetProperty("Effect", out var effect) || effect.ValueKind != JsonValueKind.String || !Effects.Contains(effect.GetString()!))
            {
                throw Malformed("Invalid effect: Effect must be Allow or Deny");
            }

            if (!statement.TryGetProperty("Principal", out _) && !statement.TryGetProperty("NotPrincipal", out _))
            {
                throw Malformed("Statement is missing required element Principal");
            }

            if (!statement.TryGetProperty("Action", out _) && !statement.TryGetProperty("NotAction", out _))
            {
                throw Malformed("Missing required field Action");
            }

            var resources = statement.TryGetProperty("Resource", out var resource) ? resource
                : statement.TryGetProperty("NotResource", out var notResource) ? notResource
                : throw Malformed("Missing required field Resource");
            foreach (var arn in Strings(resources))
            {
                if (!arn.StartsWith("arn:aws:s3:::", StringComparison.Ordinal) || !ArnNamesBucket(arn["arn:aws:s3:::".Length..], bucket))
                {
                    throw Malformed("Policy has invalid resource");
                }
            }
        }

        return new BucketPolicy(document);
    }

    /// <summary>Whether the policy grants anything to everyone: an Allow statement for Principal "*" without conditions (S3's PolicyStatus.IsPublic).</summary>
    public static bool IsPublic(BucketPolicy policy)
    {
        using var parsed = JsonDocument.Parse(policy.Document);
        var statements = parsed.RootElement.GetProperty("Statement");
        var list = statements.ValueKind == JsonValueKind.Array ? statements.EnumerateArray().ToList() : [statements];
        return list.Any(s => s.GetProperty("Effect").GetString() == "Allow"
            && !s.TryGetProperty("Condition", out _)
            && s.TryGetProperty("Principal", out var principal)
            && (principal.ValueKind == JsonValueKind.String ? principal.GetString() == "*"
                : principal.ValueKind == JsonValueKind.Object && principal.TryGetProperty("AWS", out var aws) && Strings(aws).Contains("*")));
    }

    private static bool ArnNamesBucket(string path, string bucket)
    {
        var name = path.Split('/', 2)[0];
        if (!name.Contains('*') && !name.Contains('?'))
        {
            return name == bucket;
        }

        return System.Text.RegularExpressions.Regex.IsMatch(bucket, "^" + System.Text.RegularExpressions.Regex.Escape(name).Replace("\\*", ".*").Replace("\\?", ".") + "$");
    }

    private static IEnumerable<string> Strings(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => [value.GetString()!],
        JsonValueKind.Array => value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : throw Malformed("Expected a string or an array of strings")),
        _ => throw Malformed("Expected a string or an array of strings"),
    };

    private static DialectException Malformed(string reason) => new(MultipartError.MalformedPolicy, reason);
}
