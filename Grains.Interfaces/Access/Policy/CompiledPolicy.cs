namespace Orleans.Multipart.Access.Policy;

/// <summary>A policy's statements compiled for evaluation, whichever dialect wrote the document.</summary>
internal sealed class CompiledPolicy
{
    /// <summary>What a stored document that no longer parses compiles to: it denies everyone but administrators (fail closed, never silently open).</summary>
    public static readonly CompiledPolicy DenyAll = new(
        [
            new PolicyStatement
            {
                Sid = null,
                IsDeny = true,
                Principals = PolicyPrincipals.All,
                NotPrincipal = false,
                Actions = [WildcardPattern.Compile("*", ignoreCase: true)],
                NotAction = false,
                Resources = [ResourcePattern.Compile("*", null)],
                NotResource = false,
                Conditions = [],
            },
        ],
        isQingStor: false,
        s3Document: null);

    public CompiledPolicy(PolicyStatement[] statements, bool isQingStor, string? s3Document)
    {
        Statements = statements;
        IsQingStor = isQingStor;
        S3Document = s3Document;
        IsPublic = statements.Any(s => s.IsPublic);
    }

    public PolicyStatement[] Statements { get; }

    /// <summary>Whether the document is in QingStor's format.</summary>
    public bool IsQingStor { get; }

    /// <summary>A QingStor document's translation to S3's language (null for an S3 document).</summary>
    public string? S3Document { get; }

    public bool IsPublic { get; }

    /// <summary>Explicit Deny wins; otherwise any applying Allow allows; otherwise the policy says nothing.</summary>
    public PolicyEffect Evaluate(AccessRequest request)
    {
        var allowed = false;
        foreach (var statement in Statements)
        {
            if ((statement.IsDeny || !allowed) && statement.AppliesTo(request))
            {
                if (statement.IsDeny)
                {
                    return PolicyEffect.Deny;
                }

                allowed = true;
            }
        }

        return allowed ? PolicyEffect.Allow : PolicyEffect.None;
    }

    /// <summary>Compiles a document of either dialect; <paramref name="bucket"/> (when known) validates its resources.</summary>
    public static CompiledPolicy Compile(string document, string? bucket)
    {
        bool isQingStor;
        using (var json = S3PolicyParser.ReadJson(document))
        {
            isQingStor = QingStorPolicyFormat.IsQingStor(json.RootElement);
        }

        return isQingStor ? CompileQingStor(document, bucket) : CompileS3(document, bucket);
    }

    public static CompiledPolicy CompileS3(string document, string? bucket) => new(S3PolicyParser.Parse(document, bucket), isQingStor: false, s3Document: null);

    public static CompiledPolicy CompileQingStor(string document, string? bucket)
    {
        var s3 = QingStorPolicyFormat.ToS3(document, bucket);
        return new(S3PolicyParser.Parse(s3, bucket), isQingStor: true, s3);
    }
}
