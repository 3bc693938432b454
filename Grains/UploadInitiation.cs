using Orleans.Multipart.Grains.Storage;

namespace Orleans.Multipart.Grains;

/// <summary>Opening an upload, shared by <see cref="ObjectGrain.Initiate"/> and <see cref="UploadInitiatorGrain"/>.</summary>
internal static class UploadInitiation
{
    public static async Task<UploadInfo> OpenAsync(IMetadataStore store, TimeProvider time, MultipartMetrics metrics, string bucket, string key, ObjectSettings settings)
    {
        GrainLimits.CheckKey(key);
        GrainLimits.CheckSettings(settings);
        // The initiator is the calling account, whatever the settings sent say (an upload ID is not a capability: only it, the bucket's owner and administrators may use the upload).
        settings = settings with { Owner = CallerContext.AccountOrRoot };
        var now = time.GetUtcNow();
        var uploadId = UploadIds.New(now);
        await store.InsertUploadAsync(new UploadRecord(uploadId, bucket, key, UploadState.Open, now, settings));
        metrics.UploadInitiated();
        return new UploadInfo(uploadId, bucket, key, now, settings, UploadState.Open);
    }
}
