namespace Orleans.Multipart.Client;

/// <summary>
/// The service's control-plane operations for another .NET service, as the account of
/// <see cref="MultipartClientOptions"/>: the silos refuse (<see cref="MultipartException"/> with
/// <see cref="MultipartError.AccessDenied"/>) what the account may not do, as the HTTP gateways do.
/// Part bytes do not travel through grain calls: they go through the HTTP gateway. Errors are
/// <see cref="MultipartException"/>s with the service's error codes (NoSuchBucket, UploadInProgress, ...).
/// </summary>
public interface IMultipartClient
{
    /// <summary>Creates a bucket owned by this account. Throws BucketAlreadyExists (own) or BucketOwnedByAnother.</summary>
    Task<BucketInfo> CreateBucketAsync(string bucket, BucketRule rule);

    /// <summary>The bucket, or null when there is none.</summary>
    Task<BucketInfo?> DescribeBucketAsync(string bucket);

    /// <summary>Opens a multipart upload. Throws NoSuchBucket, or ObjectAlreadyExists / UploadInProgress in an exclusive bucket.</summary>
    Task<UploadInfo> InitiateUploadAsync(string bucket, string key, ObjectSettings settings);

    /// <summary>The bucket's open uploads.</summary>
    Task<UploadListing> ListUploadsAsync(string bucket, UploadListingRequest request);

    /// <summary>The parts of an open upload. Throws NoSuchUpload.</summary>
    Task<PartPage> ListPartsAsync(string bucket, string key, string uploadId, int partNumberMarker = 0, int maxParts = 1000);

    /// <summary>Aborts an open upload. Throws NoSuchUpload.</summary>
    Task AbortUploadAsync(string bucket, string key, string uploadId);

    /// <summary>The object's metadata (size, ETag, parts), or null when the key has no object.</summary>
    Task<ObjectManifest?> GetObjectAsync(string bucket, string key);
}
