namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>An error as a dialect writes it: the vendor's status and code, the message, the resource and request id, and extra elements (S3: ActualObjectSize, ...).</summary>
internal sealed record ErrorDocument(int Status, string Code, string Message, string Resource, string RequestId, IReadOnlyDictionary<string, string> Details)
{
    public static ErrorDocument Of(DialectException error, (int Status, string Code) rendering, string resource, string requestId) =>
        new(rendering.Status, rendering.Code, error.Message, resource, requestId, error.Details);
}
