using Orleans.Multipart.Grains.Storage;

namespace Orleans.Multipart.Grains;

/// <summary>Opening an upload, shared by <see cref="ObjectGrain.Initiate"/> and <see cref="UploadInitiatorGrain"/>.</summary>
internal static class UploadInitiation
{
    public static async Task<UploadInfo> OpenAsync(IMetadataStore store, TimeProvider time, MultipartMetrics metrics, string bucket, string key, ObjectSettings settings)
    {
        GrainLimits.CheckKey(key);
        GrainLimits.CheckSettings(settings);
        var now = time.GetUtcNow();
        var uploadId = UploadIds.New(now);
        await store.InsertUploadAsync(new UploadRecord(uploadId, bucket, key, UploadState.Open, now, settings));
        metrics.UploadInitiated();
        return new UploadInfo(uploadId, bucket, key, now, settings, UploadState.Open);
    }
}
