namespace Orleans.Multipart.Gateway.Core;

/// <summary>A request failed with <see cref="Error"/>; the dialect renders it in its vendor's format.</summary>
public sealed class DialectException(WireError error, string message) : Exception(message)
{
    public WireError Error { get; } = error;

    /// <summary>Extra elements a dialect may add to its error document (S3: StringToSign, ActualObjectSize, ...).</summary>
    public IReadOnlyDictionary<string, string> Details { get; init; } = new Dictionary<string, string>();

    public static DialectException From(MultipartException ex) => new(ex.Error.ToWireError(), ex.Message);
}
