using Orleans.Concurrency;
using Orleans.Multipart.Grains.Storage;

namespace Orleans.Multipart.Grains;

/// <summary>
/// The gateways' Initiate (see <see cref="IUploadInitiatorGrain"/>). It holds no state, so its calls
/// interleave: one activation per silo serves every concurrent initiate, and the store's group commit
/// sees them all at once.
/// </summary>
[GrainType("upload-initiator")]
[StatelessWorker]
[Reentrant]
public sealed class UploadInitiatorGrain(IMetadataStore store, TimeProvider time, MultipartMetrics metrics) : Grain, IUploadInitiatorGrain
{
    public Task<UploadInfo> Initiate(string bucket, string key, ObjectSettings settings) =>
        UploadInitiation.OpenAsync(store, time, metrics, bucket, key, settings);
}
