namespace Orleans.Multipart.Silo.Hosting;

public static class GracefulShutdownServiceCollectionExtensions
{
    /// <summary>SIGTERM drains HTTP (<see cref="HttpDrain"/>), then Orleans leaves the cluster, all within <c>Shutdown:Timeout</c>.</summary>
    public static IServiceCollection AddGracefulShutdown(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ShutdownOptions>(configuration.GetSection("Shutdown"));
        services.AddOptions<HostOptions>().Configure<Microsoft.Extensions.Options.IOptions<ShutdownOptions>>((host, shutdown) => host.ShutdownTimeout = shutdown.Value.Timeout);
        services.AddHostedService<HttpDrain>();
        return services;
    }
}
