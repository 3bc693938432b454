namespace Orleans.Multipart.Hosting;

/// <summary>
/// How a silo or a standalone gateway stops on SIGTERM (configuration section <c>Shutdown</c>): drain HTTP
/// first, then stop Orleans (a silo leaves the cluster, a gateway closes its client).
/// </summary>
public sealed class ShutdownOptions
{
    public const string Section = "Shutdown";

    /// <summary>
    /// How long the process keeps serving HTTP after /readyz turned 503, so that load balancers polling
    /// /readyz move traffic away before the listener closes (then requests in flight finish, then
    /// Orleans stops). Default: 5 s; 0 in Development.
    /// </summary>
    public TimeSpan DrainDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The whole stop (drain delay, requests in flight, Orleans leaving): ASP.NET Core's <c>HostOptions.ShutdownTimeout</c>. Default: 60 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);
}
