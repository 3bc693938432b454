namespace Orleans.Multipart.Gateway.S3;

/// <summary>The errors the s3 dialect raises most.</summary>
public static class S3Errors
{
    public static DialectException AccessDenied(string message = "Access Denied") => new(WireError.AccessDenied, message);

    public static DialectException InvalidArgument(string message) => new(WireError.InvalidArgument, message);

    public static DialectException InvalidRequest(string message) => new(WireError.InvalidRequest, message);

    public static DialectException MalformedXml() => new(WireError.MalformedDocument, "The XML you provided was not well-formed or did not validate against our published schema.");

    public static DialectException NotImplemented(string what) => new(WireError.NotImplemented, $"A header or query you provided implies functionality that is not implemented: {what}.");
}
