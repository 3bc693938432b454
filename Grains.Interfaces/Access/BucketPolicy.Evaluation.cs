using Orleans.Multipart.Access.Policy;

namespace Orleans.Multipart;

/// <summary>
/// The served subset of S3's policy language, and QingStor's statement format translated into it (README,
/// "Bucket policies"). The document is the record's only serialized state; its compiled statements are
/// cached on the instance on first use, so evaluating a request costs no parsing and no allocation.
/// </summary>
public sealed partial record BucketPolicy
{
    // Set once (racing threads compile the same thing; the first stored wins). Not serialized: a copy
    // deserialized elsewhere compiles its own on first use.
    private CompiledPolicy? compiled;

    /// <summary>Whether the document is in QingStor's statement format (written through the qingstor dialect).</summary>
    public bool IsQingStorDocument => Compiled.IsQingStor;

    /// <summary>S3's GetBucketPolicyStatus: an Allow to everyone (<c>"*"</c>, or NotPrincipal) that no condition narrows to fixed callers or source addresses.</summary>
    public bool IsPublic => Compiled.IsPublic;

    private CompiledPolicy Compiled => Volatile.Read(ref compiled) ?? Compile();

    /// <summary>
    /// A policy in S3's language for <paramref name="bucket"/> (PutBucketPolicy); throws
    /// <see cref="MultipartException"/> MalformedPolicy with the reason for a document it does not serve.
    /// </summary>
    public static BucketPolicy Parse(string document, string bucket)
    {
        ArgumentNullException.ThrowIfNull(document);
        return new BucketPolicy(document) { compiled = CompiledPolicy.CompileS3(document, bucket) };
    }

    /// <summary>
    /// A policy in QingStor's statement format for <paramref name="bucket"/> (qingstor's PUT ?policy), kept as
    /// written; throws MalformedPolicy (qingstor: invalid_request) for an unknown action, operator or field.
    /// </summary>
    public static BucketPolicy ParseQingStor(string document, string bucket)
    {
        ArgumentNullException.ThrowIfNull(document);
        return new BucketPolicy(document) { compiled = CompiledPolicy.CompileQingStor(document, bucket) };
    }

    /// <summary>What the policy's statements say about <paramref name="request"/>: Deny if one denies it, else Allow if one allows it, else None.</summary>
    public PolicyEffect Evaluate(AccessRequest request) => Compiled.Evaluate(request);

    /// <summary>The policy in S3's language (GetBucketPolicy): the document itself, or the translation of a QingStor one.</summary>
    public string ToS3Document(string bucket) =>
        Compiled.IsQingStor ? QingStorPolicyFormat.ToS3(Document, bucket) : Document;

    /// <summary>The policy in QingStor's format (qingstor GET ?policy): the document itself, or as much of an S3 one as QingStor's format can say.</summary>
    public string ToQingStorDocument() =>
        Compiled.IsQingStor ? Document : QingStorPolicyFormat.FromS3(Compiled.Statements);

    public bool Equals(BucketPolicy? other) => other is not null && string.Equals(Document, other.Document, StringComparison.Ordinal);

    public override int GetHashCode() => Document.GetHashCode(StringComparison.Ordinal);

    private CompiledPolicy Compile()
    {
        CompiledPolicy policy;
        try
        {
            policy = CompiledPolicy.Compile(Document, bucket: null);
        }
        catch (MultipartException)
        {
            // Only validated documents are stored; one that no longer parses must not open the bucket.
            policy = CompiledPolicy.DenyAll;
        }

        return Interlocked.CompareExchange(ref compiled, policy, null) ?? policy;
    }
}
