namespace Orleans.Multipart.Gateway.S3;

internal sealed partial class S3Parser
{
    /// <summary>The s3 dialect's routes of the versioning feature: bucket versioning and object versions (<c>?versioning</c>, <c>?versions</c>, <c>versionId</c>).</summary>
    private static IEnumerable<Route> VersioningRoutes() =>
    [
    ];
}
