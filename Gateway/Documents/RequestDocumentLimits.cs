namespace Orleans.Multipart.Gateway.Documents;

/// <summary>How large, deep and long a request document may be (<see cref="GatewayOptions.MaxRequestDocumentBytes"/>, <see cref="GatewayOptions.MaxRequestDocumentDepth"/>, <see cref="GatewayOptions.MaxRequestDocumentElements"/>).</summary>
internal sealed record RequestDocumentLimits(int MaxBytes, int MaxDepth, int MaxElements)
{
    public static readonly RequestDocumentLimits Default = new(4 * 1024 * 1024, 16, 100_000);

    public static RequestDocumentLimits From(GatewayOptions options) => new(options.MaxRequestDocumentBytes, options.MaxRequestDocumentDepth, options.MaxRequestDocumentElements);
}
