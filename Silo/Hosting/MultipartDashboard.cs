using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;

namespace Orleans.Multipart.Silo.Hosting;

/// <summary>
/// Orleans' dashboard (silos, activations, calls, latency, reminders) on the silo, with the service's open uploads
/// page beside it (<see cref="OpenUploadsPage"/>), behind <see cref="DashboardAccessFilter"/>.
/// </summary>
public static class MultipartDashboard
{
    /// <summary>Adds the dashboard's silo services when a password is configured (<c>Dashboard:Password</c>).</summary>
    public static ISiloBuilder AddMultipartDashboard(this ISiloBuilder silo, IConfiguration configuration)
    {
        var section = configuration.GetSection(DashboardAccessOptions.Section);
        silo.Services.AddOptions<DashboardAccessOptions>().Bind(section).ValidateOnStart();
        silo.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DashboardAccessOptions>, DashboardAccessOptionsValidator>());

        // Whether Orleans' dashboard services are added at all is decided now, with the section the same validator accepts.
        if (section.BindValidated(DashboardAccessOptions.Section, new DashboardAccessOptionsValidator()).Enabled)
        {
            silo.AddDashboard(options => section.Bind(options));
            silo.Services.TryAddSingleton<DashboardAccessFilter>();
        }

        return silo;
    }

    /// <summary>Maps the dashboard at <see cref="DashboardAccessOptions.Path"/> when it is enabled.</summary>
    public static IEndpointRouteBuilder MapMultipartDashboard(this IEndpointRouteBuilder endpoints)
    {
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<DashboardAccessOptions>>().Value;
        if (options.Enabled)
        {
            endpoints.MapOrleansDashboard(options.Path).AddEndpointFilter<DashboardAccessFilter>();
            // The open uploads page beside Orleans' pages, behind the same port and credential.
            endpoints.MapGet(options.Path.TrimEnd('/') + "/" + OpenUploadsPage.Route, OpenUploadsPage.RenderAsync).AddEndpointFilter<DashboardAccessFilter>();
        }

        return endpoints;
    }
}
