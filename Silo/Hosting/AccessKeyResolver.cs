namespace Orleans.Multipart.Silo.Hosting;

/// <summary>Where the silo's credential check finds an access key other than the configured root key.</summary>
internal interface IAccessKeyResolver
{
    /// <summary>The usable key, or null for an unknown, disabled, expired or deleted one.</summary>
    Task<ResolvedAccessKey?> ResolveAsync(string accessKeyId);
}

/// <summary>The key's grain (<see cref="IAccessKeyGrain"/>), which holds it in memory and is refreshed on every change.</summary>
internal sealed class GrainAccessKeyResolver(IGrainFactory grains) : IAccessKeyResolver
{
    // The filter runs inside the target grain's turn: this is a grain-to-grain call, and Resolve interleaves.
    public Task<ResolvedAccessKey?> ResolveAsync(string accessKeyId) => grains.GetGrain<IAccessKeyGrain>(accessKeyId).Resolve();
}
