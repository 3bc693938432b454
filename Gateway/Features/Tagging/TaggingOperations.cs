namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>The catalogue rows of the tagging feature: object and bucket tags (<c>?tagging</c>, <c>x-amz-tagging</c>).</summary>
internal static partial class OperationCatalogue
{
    private static readonly OperationDescriptor[] Tagging =
    [
    ];
}
