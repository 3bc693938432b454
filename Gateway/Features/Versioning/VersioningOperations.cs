namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>The catalogue rows of the versioning feature: bucket versioning and object versions (<c>?versioning</c>, <c>?versions</c>, <c>versionId</c>).</summary>
internal static partial class OperationCatalogue
{
    private static readonly OperationDescriptor[] Versioning =
    [
    ];
}
