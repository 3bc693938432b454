namespace Orleans.Multipart.Gateway.S3;

/// <summary>
/// Write headers that ask for a feature this service does not store: object lock (on the bucket or the
/// object). ACL headers and object tags are stored (<c>Features/Access</c>, <c>Features/Tagging</c>). S3 would keep
/// them; ignoring them would let the caller believe an object is locked or tagged when it is
/// not, so the write is refused whole with 501 NotImplemented naming the header, before anything is stored.
/// </summary>
internal static class S3UnstoredFeatures
{
    /// <summary>Header, what a value must be to ask for nothing (null: any value asks for something), the feature.</summary>
    private static readonly (string Header, string? Harmless, string Feature)[] Headers =
    [
        ("x-amz-bucket-object-lock-enabled", "false", "object lock"),
        ("x-amz-object-lock-mode", null, "object lock"),
        ("x-amz-object-lock-retain-until-date", null, "object lock"),
        ("x-amz-object-lock-legal-hold", "OFF", "object lock legal holds"),
    ];

    /// <summary>
    /// Throws 501 NotImplemented when a PUT or POST carries one of these headers asking for something, as a
    /// header or, in a presigned URL (where SDKs move x-amz-* headers into the query), as a query parameter.
    /// </summary>
    public static void Refuse(HttpRequest request, RequestTarget t)
    {
        if (!HttpMethods.IsPut(request.Method) && !HttpMethods.IsPost(request.Method))
        {
            return;
        }

        foreach (var (header, harmless, feature) in Headers)
        {
            var sent = request.Headers.TryGetValue(header, out var values) ? values.ToString() : t.Get(header);
            if (sent?.Trim() is { } value && (harmless is null || !value.Equals(harmless, StringComparison.OrdinalIgnoreCase)))
            {
                throw S3Errors.NotImplemented($"{header}: {value} asks for {feature}, which this service does not store; nothing was written");
            }
        }
    }
}
