using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Orleans.Multipart.Storage.Blobs;

/// <summary>The configured <see cref="IBlobStore"/> (<c>Storage:Blobs:Provider</c>), for silos and standalone gateways alike.</summary>
public static class BlobStoreRegistration
{
    /// <summary>
    /// Registers the local store, or the S3 store with its options validated at start, so that a bad
    /// configuration stops the process at start rather than failing the first upload.
    /// </summary>
    /// <param name="localPath">The local blob directory (the hosts derive it from <c>Storage:DataPath</c>/<c>Storage:BlobPath</c>).</param>
    public static IServiceCollection AddMultipartBlobStore(this IServiceCollection services, IConfiguration configuration, string localPath)
    {
        var provider = configuration["Storage:Blobs:Provider"] is { Length: > 0 } configured ? configured : "Local";
        services.Configure<BlobStoreOptions>(options =>
        {
            configuration.GetSection("Storage:Blobs").Bind(options);
            options.Path = localPath;
        });
        if (IsS3(provider))
        {
            // The binder would fail on a name it cannot convert with its own message at the first use; named here, at start.
            if (configuration[$"{S3BlobStoreOptions.Section}:Integrity"] is { Length: > 0 } integrity
                && !Enum.GetNames<S3BlobIntegrity>().Contains(integrity.Trim(), StringComparer.OrdinalIgnoreCase))
            {
                throw new OptionsValidationException(S3BlobStoreOptions.Section, typeof(S3BlobStoreOptions), [$"{S3BlobStoreOptions.Section}:Integrity must be Sha256 or ContentMd5, not '{integrity}'."]);
            }

            services.AddOptions<S3BlobStoreOptions>().Bind(configuration.GetSection(S3BlobStoreOptions.Section)).ValidateOnStart();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<S3BlobStoreOptions>, S3BlobStoreOptionsValidator>());
            services.TryAddSingleton<S3BlobStore>();
            services.TryAddSingleton<IBlobStore>(sp => sp.GetRequiredService<S3BlobStore>());
            return services;
        }

        if (!string.Equals(provider, "Local", StringComparison.OrdinalIgnoreCase))
        {
            throw new OptionsValidationException("Storage:Blobs", typeof(BlobStoreOptions), [$"Storage:Blobs:Provider must be Local or S3, not '{provider}'."]);
        }

        services.TryAddSingleton<IBlobStore, LocalBlobStore>();
        return services;
    }

    public static bool IsS3(string? provider) => string.Equals(provider, "S3", StringComparison.OrdinalIgnoreCase);
}
