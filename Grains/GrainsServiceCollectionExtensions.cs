using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Orleans.Multipart.Grains;

public static class GrainsServiceCollectionExtensions
{
    /// <summary>
    /// What the multipart grains need besides Orleans (which finds the grain classes itself): their
    /// options and a clock. The caller registers an <see cref="Storage.IMetadataStore"/>, a grain
    /// storage named <see cref="MultipartStorage.GrainStorageName"/> and a reminder service.
    /// </summary>
    public static IServiceCollection AddMultipartGrains(this IServiceCollection services)
    {
        services.AddOptions<MultipartOptions>();
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
