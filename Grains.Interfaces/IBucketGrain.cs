using Orleans.Multipart.Runtime;

namespace Orleans.Multipart;

/// <summary>One bucket: its rule, its lifecycle, and the indexed listings of its uploads and objects.</summary>
[GrainType("bucket")]
public interface IBucketGrain : IGrainWithStringKey
{
    /// <summary>Creates the bucket; throws BucketAlreadyExists when it exists.</summary>
    Task<BucketInfo> Create(BucketRule rule);

    [AlwaysInterleave]
    Task<BucketInfo?> Describe();

    /// <summary>Lets unsigned requests write to the bucket (or stops them). Throws NoSuchBucket.</summary>
    Task SetAnonymousWrite(bool allowed);

    /// <summary>Deletes the bucket, aborting its open uploads. Throws NoSuchBucket or BucketNotEmpty (objects remain).</summary>
    Task Delete();

    [AlwaysInterleave]
    Task<UploadListing> ListUploads(UploadListingRequest request);

    [AlwaysInterleave]
    Task<ObjectListing> ListObjects(ObjectListingRequest request);
}

/// <summary>The service-wide list of buckets (a single grain, key <see cref="DefaultKey"/>).</summary>
[GrainType("catalog")]
public interface IBucketCatalogGrain : IGrainWithStringKey
{
    const string DefaultKey = "default";

    [AlwaysInterleave]
    Task<IReadOnlyList<BucketInfo>> ListBuckets();
}
