namespace Orleans.Multipart.Client;

/// <summary>The typed API over the grain interfaces; the credential is added to every call by the client's <see cref="Credentials.CallSigningFilter"/>.</summary>
internal sealed class MultipartClient(IClusterClient grains) : IMultipartClient
{
    public Task<BucketInfo> CreateBucketAsync(string bucket, BucketRule rule) => grains.GetGrain<IBucketGrain>(bucket).Create(rule);

    public Task<BucketInfo?> DescribeBucketAsync(string bucket) => grains.GetGrain<IBucketGrain>(bucket).Describe();

    public Task<UploadInfo> InitiateUploadAsync(string bucket, string key, ObjectSettings settings) =>
        grains.GetGrain<IObjectGrain>(ObjectKey.Format(bucket, key)).Initiate(settings);

    public Task<UploadListing> ListUploadsAsync(string bucket, UploadListingRequest request) => grains.GetGrain<IBucketGrain>(bucket).ListUploads(request);

    public Task<PartPage> ListPartsAsync(string bucket, string key, string uploadId, int partNumberMarker = 0, int maxParts = 1000) =>
        grains.GetGrain<IUploadGrain>(uploadId).ListParts(bucket, key, partNumberMarker, maxParts);

    public Task AbortUploadAsync(string bucket, string key, string uploadId) => grains.GetGrain<IUploadGrain>(uploadId).Abort(bucket, key);

    public Task<ObjectManifest?> GetObjectAsync(string bucket, string key) => grains.GetGrain<IObjectGrain>(ObjectKey.Format(bucket, key)).Get();
}
