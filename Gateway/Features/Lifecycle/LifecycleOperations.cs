namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>The catalogue rows of the lifecycle feature: bucket lifecycle configuration (<c>?lifecycle</c>), in the dialects that document it.</summary>
internal static partial class OperationCatalogue
{
    private static readonly OperationDescriptor[] Lifecycle =
    [
    ];
}
