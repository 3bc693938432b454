namespace Orleans.Multipart.Gateway.Core;

/// <summary>How deep and how large a request's XML document may be (<see cref="GatewayOptions.MaxRequestDocumentDepth"/>, <see cref="GatewayOptions.MaxRequestDocumentElements"/>).</summary>
public sealed record XmlDocumentLimits(int MaxDepth, int MaxElements)
{
    public static readonly XmlDocumentLimits Default = new(16, 100_000);

    public static XmlDocumentLimits From(GatewayOptions options) => new(options.MaxRequestDocumentDepth, options.MaxRequestDocumentElements);
}
