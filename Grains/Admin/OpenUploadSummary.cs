namespace Orleans.Multipart.Grains.Admin;

/// <summary>One bucket's open uploads: how many, the bytes their parts hold, and when the oldest was initiated.</summary>
[GenerateSerializer, Immutable, Alias("omp.BucketOpenUploads")]
public sealed record BucketOpenUploads(
    [property: Id(0)] string Bucket,
    [property: Id(1)] long Uploads,
    [property: Id(2)] long Bytes,
    [property: Id(3)] DateTimeOffset OldestInitiated);

/// <summary>
/// Every open upload of the service summed up: totals over all buckets, and the buckets whose open uploads
/// hold the most bytes (largest first). <see cref="Computed"/> is when the query ran.
/// </summary>
[GenerateSerializer, Immutable, Alias("omp.OpenUploadSummary")]
public sealed record OpenUploadSummary(
    [property: Id(0)] DateTimeOffset Computed,
    [property: Id(1)] long Buckets,
    [property: Id(2)] long Uploads,
    [property: Id(3)] long Bytes,
    [property: Id(4)] DateTimeOffset? OldestInitiated,
    [property: Id(5)] IReadOnlyList<BucketOpenUploads> Largest)
{
    public static OpenUploadSummary Empty(DateTimeOffset computed) => new(computed, 0, 0, 0, null, []);
}
