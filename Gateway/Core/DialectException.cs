namespace Orleans.Multipart.Gateway.Core;

/// <summary>A request failed with <see cref="Error"/>; the dialect renders it in its vendor's format (<see cref="ErrorCatalogue"/> gives the status and code).</summary>
internal sealed class DialectException(MultipartError error, string message) : Exception(message)
{
    /// <summary>The error with its catalogue message (a template without specifics).</summary>
    public DialectException(MultipartError error)
        : this(error, ErrorCatalogue.Row(error).Format())
    {
    }

    public MultipartError Error { get; } = error;

    /// <summary>Extra elements a dialect may add to its error document (S3: StringToSign, ActualObjectSize, ...).</summary>
    public IReadOnlyDictionary<string, string> Details { get; init; } = new Dictionary<string, string>();

    /// <summary>Headers the error answer carries (S3's x-amz-delete-marker and x-amz-version-id on a read that meets a delete marker).</summary>
    public IReadOnlyDictionary<string, string> ResponseHeaders { get; init; } = new Dictionary<string, string>();

    /// <summary>A domain error as the gateway answers it: the same code, the grain's message.</summary>
    public static DialectException From(MultipartException ex) => new(ex.Error, ex.Message);
}
