using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Orleans.Multipart.Access.Policy;

/// <summary>
/// QingStor's bucket-policy format (<c>{"statement": [{"id", "user", "action", "effect", "resource",
/// "condition"}]}</c>) translated to and from S3's language, so one evaluator serves both dialects:
/// <list type="bullet">
/// <item>a QingStor statement becomes one S3 statement for its object actions (resources <c>bucket/pattern</c>) and
/// one or two for its bucket actions (resource the bucket; <c>list_objects</c> on <c>bucket/dir/*</c> becomes
/// <c>s3:ListBucket</c> with <c>StringLike s3:prefix dir/*</c>, QingStor's meaning of that resource);</item>
/// <item>conditions: <c>string_like</c>, <c>string_not_like</c> (key <c>Referer</c>, S3's <c>aws:Referer</c>),
/// <c>ip_address</c>, <c>not_ip_address</c> (key <c>source_ip</c>, <c>aws:SourceIp</c>), <c>is_null</c> (S3's <c>Null</c>).</item>
/// </list>
/// An S3-written policy read in QingStor's format is rendered as closely as QingStor can say it: statements
/// with NotPrincipal or NotResource, or whose actions name no QingStor action, are left out.
/// </summary>
internal static class QingStorPolicyFormat
{
    private const int MaxIdLength = 100;

    private static readonly Dictionary<string, string> Operators = new(StringComparer.Ordinal)
    {
        ["string_like"] = "StringLike",
        ["string_not_like"] = "StringNotLike",
        ["ip_address"] = "IpAddress",
        ["not_ip_address"] = "NotIpAddress",
        ["is_null"] = "Null",
    };

    private static readonly Dictionary<string, string> Keys = new(StringComparer.Ordinal)
    {
        ["Referer"] = "aws:Referer",
        ["source_ip"] = "aws:SourceIp",
    };

    /// <summary>Whether <paramref name="root"/> is a QingStor document (its lower-case <c>statement</c>, which S3's language does not have).</summary>
    public static bool IsQingStor(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("statement", out _) && !root.TryGetProperty("Statement", out _);

    /// <summary>The S3 document saying what the QingStor <paramref name="document"/> says; refuses (MalformedPolicy) what QingStor would.</summary>
    public static string ToS3(string document, string? bucket)
    {
        using var json = S3PolicyParser.ReadJson(document);
        var root = json.RootElement;
        foreach (var property in root.EnumerateObject())
        {
            if (property.Name != "statement")
            {
                throw PolicyErrors.Malformed($"Unknown field {property.Name}");
            }
        }

        if (!root.TryGetProperty("statement", out var statements) || statements.ValueKind != JsonValueKind.Array)
        {
            throw PolicyErrors.Malformed("statement must be a list of statements");
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("Version", "2012-10-17");
            writer.WriteStartArray("Statement");
            var ids = new HashSet<string>(StringComparer.Ordinal);
            foreach (var statement in statements.EnumerateArray())
            {
                WriteStatement(writer, statement, bucket, ids);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The QingStor document for compiled S3 <paramref name="statements"/>.</summary>
    public static string FromS3(IReadOnlyList<PolicyStatement> statements)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("statement");
            var n = 0;
            foreach (var statement in statements)
            {
                n++;
                var actions = QingStorActions.All.Where(row => statement.Actions.Any(a => a.Matches(row.S3Action)) != statement.NotAction).Select(r => r.Name).ToList();
                if (statement.NotPrincipal || statement.NotResource || actions.Count == 0)
                {
                    continue;
                }

                writer.WriteStartObject();
                writer.WriteString("id", statement.Sid ?? $"statement-{n}");
                if (statement.Principals.Everyone)
                {
                    writer.WriteString("user", "*");
                }
                else
                {
                    WriteList(writer, "user", statement.Principals.Accounts);
                }

                WriteList(writer, "action", actions.Count == QingStorActions.All.Length ? ["*"] : actions);
                writer.WriteString("effect", statement.IsDeny ? "deny" : "allow");
                WriteList(writer, "resource", statement.Resources.Select(r => r.Path));
                if (statement.Conditions.Length > 0)
                {
                    writer.WriteStartObject("condition");
                    foreach (var group in statement.Conditions.GroupBy(c => c.OperatorName))
                    {
                        writer.WriteStartObject(Operators.FirstOrDefault(o => o.Value == group.Key).Key ?? group.Key);
                        foreach (var condition in group)
                        {
                            var key = Keys.FirstOrDefault(k => k.Value.Equals(condition.Key, StringComparison.OrdinalIgnoreCase)).Key ?? condition.Key;
                            if (condition.Operator == ConditionOperator.Null)
                            {
                                writer.WriteBoolean(key, bool.Parse(condition.Values[0]));
                            }
                            else
                            {
                                WriteList(writer, key, condition.Values);
                            }
                        }

                        writer.WriteEndObject();
                    }

                    writer.WriteEndObject();
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteStatement(Utf8JsonWriter writer, JsonElement statement, string? bucket, HashSet<string> ids)
    {
        if (statement.ValueKind != JsonValueKind.Object)
        {
            throw PolicyErrors.Malformed("Each statement must be an object");
        }

        string? id = null, effect = null;
        List<string>? users = null, actions = null, resources = null;
        JsonElement? condition = null;
        foreach (var property in statement.EnumerateObject())
        {
            switch (property.Name)
            {
                case "id": id = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : throw PolicyErrors.Malformed("id must be a string"); break;
                case "user": users = Strings(property.Value, "user"); break;
                case "action": actions = Strings(property.Value, "action"); break;
                case "effect": effect = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : throw PolicyErrors.Malformed("effect must be allow or deny"); break;
                case "resource": resources = Strings(property.Value, "resource"); break;
                case "condition": condition = property.Value; break;
                default: throw PolicyErrors.Malformed($"Unknown field {property.Name} in statement");
            }
        }

        if (string.IsNullOrEmpty(id) || id.Length > MaxIdLength)
        {
            throw PolicyErrors.Malformed($"Each statement needs an id of 1 to {MaxIdLength} characters");
        }

        if (!ids.Add(id))
        {
            throw PolicyErrors.Malformed($"Statement ids must be unique: {id}");
        }

        var s3Effect = effect switch
        {
            "allow" => "Allow",
            "deny" => "Deny",
            _ => throw PolicyErrors.Malformed($"Statement {id}: effect must be allow or deny"),
        };
        if (users is null || actions is null)
        {
            throw PolicyErrors.Malformed($"Statement {id}: missing {(users is null ? "user (\"*\" for everyone)" : "action")}");
        }

        resources ??= [];

        var rows = new List<QingStorActions.Row>();
        foreach (var action in actions)
        {
            var named = QingStorActions.Named(action).ToList();
            rows.AddRange(named.Count > 0 ? named : throw PolicyErrors.Malformed($"Statement {id}: unknown action {action}"));
        }

        foreach (var resource in resources)
        {
            var bucketPart = resource.Split('/', 2)[0];
            if (bucket is not null && bucketPart != bucket)
            {
                throw PolicyErrors.Malformed($"Statement {id}: resource {resource} is not in bucket {bucket}");
            }
        }

        var objectResources = resources.Where(r => r.Contains('/')).ToList();
        var objectActions = rows.Where(r => !r.OnBucket).Select(r => r.S3Action).Distinct().ToList();
        if (objectActions.Count > 0 && objectResources.Count == 0)
        {
            throw PolicyErrors.Malformed($"Statement {id}: object actions need object resources (\"<bucket>/<pattern>\")");
        }

        var conditions = condition is { } c ? Conditions(c, id) : [];
        var principal = users.Contains("*") ? null : users;
        if (objectActions.Count > 0)
        {
            WriteS3Statement(writer, id, s3Effect, principal, objectActions, objectResources, conditions);
        }

        // QingStor allows bucket actions without a resource: the policy's own bucket. When that bucket is not
        // known here (compiling a stored document), "*" says the same: a policy only ever meets its own bucket.
        var bucketArn = new[] { bucket ?? resources.Select(r => r.Split('/', 2)[0]).FirstOrDefault() ?? "*" };
        var unconditional = rows.Where(r => r.OnBucket && r.Name != "list_objects").Select(r => r.S3Action).Distinct().ToList();
        var listsObjects = rows.Any(r => r.Name == "list_objects");
        if (listsObjects && !unconditional.Contains("s3:ListBucket"))
        {
            // list_objects on bucket/dir/* lists only under dir/: S3 says that with s3:prefix.
            var prefixes = objectResources.Select(r => r.Split('/', 2)[1]).ToList();
            var anyPrefix = objectResources.Count == 0 || resources.Count > objectResources.Count || prefixes.Contains("*");
            if (anyPrefix)
            {
                unconditional.Add("s3:ListBucket");
            }
            else
            {
                var withPrefix = conditions.ToDictionary(e => e.Key, e => new Dictionary<string, List<string>>(e.Value));
                if (!withPrefix.TryGetValue("StringLike", out var like))
                {
                    withPrefix["StringLike"] = like = [];
                }

                like["s3:prefix"] = prefixes;
                WriteS3Statement(writer, id + "#list", s3Effect, principal, ["s3:ListBucket"], bucketArn, withPrefix);
            }
        }

        if (unconditional.Count > 0)
        {
            WriteS3Statement(writer, id + "#bucket", s3Effect, principal, unconditional, bucketArn, conditions);
        }
    }

    private static Dictionary<string, Dictionary<string, List<string>>> Conditions(JsonElement element, string id)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw PolicyErrors.Malformed($"Statement {id}: condition must be an object");
        }

        var result = new Dictionary<string, Dictionary<string, List<string>>>(StringComparer.Ordinal);
        foreach (var op in element.EnumerateObject())
        {
            var s3Operator = Operators.GetValueOrDefault(op.Name) ?? throw PolicyErrors.Malformed($"Statement {id}: unknown condition operator {op.Name}");
            if (op.Value.ValueKind != JsonValueKind.Object)
            {
                throw PolicyErrors.Malformed($"Statement {id}: condition {op.Name} must be an object");
            }

            var keys = result[s3Operator] = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var key in op.Value.EnumerateObject())
            {
                var s3Key = Keys.GetValueOrDefault(key.Name) ?? throw PolicyErrors.Malformed($"Statement {id}: unknown condition key {key.Name}");
                keys[s3Key] = key.Value.ValueKind switch
                {
                    JsonValueKind.True => ["true"],
                    JsonValueKind.False => ["false"],
                    _ when s3Operator == "Null" => throw PolicyErrors.Malformed($"Statement {id}: is_null takes true or false"),
                    _ => Strings(key.Value, key.Name),
                };
            }
        }

        return result;
    }

    private static void WriteS3Statement(
        Utf8JsonWriter writer, string sid, string effect, List<string>? principal, IEnumerable<string> actions, IEnumerable<string> resources,
        Dictionary<string, Dictionary<string, List<string>>> conditions)
    {
        writer.WriteStartObject();
        writer.WriteString("Sid", sid);
        writer.WriteString("Effect", effect);
        if (principal is null)
        {
            writer.WriteString("Principal", "*");
        }
        else
        {
            writer.WriteStartObject("Principal");
            WriteList(writer, "AWS", principal);
            writer.WriteEndObject();
        }

        WriteList(writer, "Action", actions);
        WriteList(writer, "Resource", resources.Select(r => ResourcePattern.ArnPrefix + r));
        if (conditions.Count > 0)
        {
            writer.WriteStartObject("Condition");
            foreach (var (op, keys) in conditions)
            {
                writer.WriteStartObject(op);
                foreach (var (key, values) in keys)
                {
                    WriteList(writer, key, values);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteList(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    private static List<string> Strings(JsonElement element, string name)
    {
        List<string> values = element.ValueKind switch
        {
            JsonValueKind.String => [element.GetString()!],
            JsonValueKind.Array => [.. element.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : throw PolicyErrors.Malformed($"{name} must be a string or a list of strings"))],
            _ => throw PolicyErrors.Malformed($"{name} must be a string or a list of strings"),
        };
        return values.Count > 0 && values.All(v => v.Length > 0) ? values : throw PolicyErrors.Malformed($"{name} may not be empty");
    }
}
