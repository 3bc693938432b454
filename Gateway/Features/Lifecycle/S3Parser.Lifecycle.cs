namespace Orleans.Multipart.Gateway.S3;

internal sealed partial class S3Parser
{
    /// <summary>The s3 dialect's routes of the lifecycle feature: bucket lifecycle configuration (<c>?lifecycle</c>), in the dialects that document it.</summary>
    private static IEnumerable<Route> LifecycleRoutes() =>
    [
    ];
}
