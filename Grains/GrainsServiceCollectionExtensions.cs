using Microsoft.Extensions.DependencyInjection;
using Orleans.Multipart.Runtime.Hosting;

namespace Orleans.Multipart.Grains;

public static class GrainsServiceCollectionExtensions
{
    /// <summary>Registers the multipart grains. The caller registers an <see cref="Storage.IMetadataStore"/>.</summary>
    public static IServiceCollection AddMultipartGrains(this IServiceCollection services)
    {
        services.AddOptions<MultipartOptions>();
        return services
            .AddGrain<IObjectGrain, ObjectGrain>()
            .AddGrain<IUploadGrain, UploadGrain>()
            .AddGrain<IBucketGrain, BucketGrain>()
            .AddGrain<IBucketCatalogGrain, BucketCatalogGrain>();
    }
}
