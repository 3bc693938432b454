using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Orleans.Multipart.Hosting;

/// <summary>
/// The <c>Storage</c> and <c>Orleans</c> sections both hosts read: bound as options validated at start,
/// and, for the choices made while services are registered (clustering, the metadata store, the blob
/// directory), read now through the same validators.
/// </summary>
public static class HostOptionsServiceCollectionExtensions
{
    /// <summary>Binds <c>Storage</c> (validated at start) and answers it now, refused with the same messages.</summary>
    public static StorageOptions AddMultipartStorageOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>>(new StorageOptionsValidator(configuration)));
        return configuration.GetStorageOptions();
    }

    /// <summary>Binds <c>Orleans</c> (validated at start) and answers it now, refused with the same messages.</summary>
    public static OrleansHostingOptions AddMultipartOrleansOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OrleansHostingOptions>().Bind(configuration.GetSection(OrleansHostingOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OrleansHostingOptions>, OrleansHostingOptionsValidator>());
        return configuration.GetOrleansHostingOptions();
    }

    /// <summary>The <c>Storage</c> section, validated (<see cref="OptionsValidationException"/> when refused).</summary>
    public static StorageOptions GetStorageOptions(this IConfiguration configuration) =>
        configuration.GetSection(StorageOptions.Section).BindValidated(StorageOptions.Section, new StorageOptionsValidator(configuration));

    /// <summary>The <c>Orleans</c> section, validated (<see cref="OptionsValidationException"/> when refused).</summary>
    public static OrleansHostingOptions GetOrleansHostingOptions(this IConfiguration configuration) =>
        configuration.GetSection(OrleansHostingOptions.Section).BindValidated(OrleansHostingOptions.Section, new OrleansHostingOptionsValidator());

}
