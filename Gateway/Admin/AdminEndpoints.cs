using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Orleans.Multipart.Gateway.Admin;

/// <summary>Registers and maps the admin API wherever the gateway is (a silo's co-hosted gateway, a standalone gateway).</summary>
internal static class AdminEndpoints
{
    public static IServiceCollection AddMultipartAdmin(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AdminOptions>().Bind(configuration.GetSection(AdminOptions.Section))
            .Validate(o => o.Port is null or (> 0 and <= 65535), "Admin:Port must be a TCP port (1-65535).").ValidateOnStart();
        services.TryAddSingleton<AdminSignatureVerifier>();
        services.TryAddSingleton<AdminApi>();
        return services;
    }

    /// <summary>Maps everything under <see cref="AdminOptions.Path"/> to the admin API when it is enabled (before the gateway's catch-all, which it outranks).</summary>
    public static IEndpointRouteBuilder MapMultipartAdmin(this IEndpointRouteBuilder endpoints)
    {
        if (endpoints.ServiceProvider.GetRequiredService<IOptions<AdminOptions>>().Value.Enabled)
        {
            var api = endpoints.ServiceProvider.GetRequiredService<AdminApi>();
            endpoints.Map(AdminOptions.Path, api.HandleAsync).WithDisplayName("admin API");
            endpoints.Map(AdminOptions.Path + "/{**rest}", api.HandleAsync).WithDisplayName("admin API");
        }

        return endpoints;
    }
}
