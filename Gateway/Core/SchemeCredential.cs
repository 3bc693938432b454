namespace Orleans.Multipart.Gateway.Core;

/// <summary>
/// The <c>SCHEME AccessKey:Signature</c> Authorization header of the SigV2 family (AWS, WOS, QS,
/// jingdong): the access key runs from after the scheme to the last colon (keys never hold one,
/// base64 signatures never do), both parts trimmed. Each dialect answers a mismatch with its own error.
/// </summary>
internal readonly record struct SchemeCredential(string AccessKey, string Signature)
{
    /// <summary>The key or the signature was empty as sent (before trimming).</summary>
    public bool HasEmptyPart { get; private init; }

    public static bool TryParse(string authorization, string scheme, out SchemeCredential credential)
    {
        credential = default;
        var start = scheme.Length + 1;
        if (authorization.Length < start || !authorization.StartsWith(scheme, StringComparison.Ordinal) || authorization[scheme.Length] != ' ')
        {
            return false;
        }

        var colon = authorization.LastIndexOf(':');
        if (colon < start)
        {
            return false;
        }

        credential = new SchemeCredential(authorization[start..colon].Trim(), authorization[(colon + 1)..].Trim())
        {
            HasEmptyPart = colon == start || colon == authorization.Length - 1,
        };
        return true;
    }
}
