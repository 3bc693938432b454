namespace Orleans.Multipart.Access.Policy;

/// <summary>The MalformedPolicy refusals of the parsers, each with the reason the caller reads.</summary>
internal static class PolicyErrors
{
    /// <summary>S3's words for a document that is not a JSON object.</summary>
    public const string NotJson = "Policies must be valid JSON and the first byte must be '{'";

    public static MultipartException Malformed(string reason) => new(MultipartError.MalformedPolicy, reason);
}
