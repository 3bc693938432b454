using Orleans.Multipart;
using Orleans.Serialization.Configuration;

[assembly: TypeManifestProvider(typeof(StorageTypeAliases))]

namespace Orleans.Multipart;

/// <summary>
/// Wire names for the storage contracts' types that cross grain calls: they cannot carry <c>[Alias]</c>
/// (their assembly does not depend on Orleans), and without one Orleans writes the .NET type and assembly
/// name, which a rename or move would break between two versions in a rolling upgrade. The name differs
/// from the one this exception had while it derived from OrleansException (<c>omp.StorageUnavailableException</c>,
/// another layout), so a silo of that version fails to resolve it instead of misreading it.
/// </summary>
internal sealed class StorageTypeAliases : TypeManifestProviderBase
{
    protected override void ConfigureInner(TypeManifestOptions config) =>
        config.WellKnownTypeAliases["omp.storage-unavailable"] = typeof(StorageUnavailableException);
}
