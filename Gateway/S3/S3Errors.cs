namespace Orleans.Multipart.Gateway.S3;

/// <summary>The errors the s3 dialect raises most.</summary>
internal static class S3Errors
{
    public static DialectException AccessDenied(string message = "Access Denied") => new(MultipartError.AccessDenied, message);

    public static DialectException InvalidArgument(string message) => new(MultipartError.InvalidArgument, message);

    public static DialectException InvalidRequest(string message) => new(MultipartError.InvalidRequest, message);

    public static DialectException MalformedXml() => MultipartError.MalformedDocument.Error();

    public static DialectException NotImplemented(string what) => Errors.NotServed(what);
}
