namespace Orleans.Multipart.Silo.Hosting;

/// <summary>How a silo stops on SIGTERM (configuration section <c>Shutdown</c>): drain HTTP first, then leave the cluster.</summary>
public sealed class ShutdownOptions
{
    /// <summary>
    /// How long the silo keeps serving HTTP after /readyz turned 503, so that load balancers polling
    /// /readyz move traffic away before the listener closes (then requests in flight finish, then
    /// Orleans leaves the cluster and hands its activations off). Default: 5 s; 0 in Development.
    /// </summary>
    public TimeSpan DrainDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The whole stop (drain delay, requests in flight, Orleans leaving): ASP.NET Core's <c>HostOptions.ShutdownTimeout</c>. Default: 60 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);
}
