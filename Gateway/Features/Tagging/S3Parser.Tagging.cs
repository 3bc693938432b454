namespace Orleans.Multipart.Gateway.S3;

internal sealed partial class S3Parser
{
    /// <summary>The s3 dialect's routes of the tagging feature: object and bucket tags (<c>?tagging</c>, <c>x-amz-tagging</c>).</summary>
    private static IEnumerable<Route> TaggingRoutes() =>
    [
    ];
}
