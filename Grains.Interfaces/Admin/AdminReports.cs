namespace Orleans.Multipart;

/// <summary>
/// A bucket as the admin API lists it: its row, what its current objects hold (<see cref="Objects"/>, <see cref="Bytes"/>),
/// what its open uploads hold, and what its noncurrent versions hold (<see cref="NoncurrentVersions"/>,
/// <see cref="NoncurrentBytes"/>: versions kept by versioning, delete markers not counted; each version's own size, so
/// versions and copies that share a blob each count it).
/// </summary>
[GenerateSerializer, Immutable, Alias("omp.BucketUsage")]
public sealed record BucketUsage(
    [property: Id(0)] BucketInfo Bucket,
    [property: Id(1)] long Objects,
    [property: Id(2)] long Bytes,
    [property: Id(3)] long OpenUploads,
    [property: Id(4)] long UploadBytes,
    [property: Id(5)] long NoncurrentVersions = 0,
    [property: Id(6)] long NoncurrentBytes = 0);

/// <summary>An open upload as the admin API lists it; <see cref="Initiator"/> is null for uploads initiated before initiators were recorded.</summary>
[GenerateSerializer, Immutable, Alias("omp.OpenUploadUsage")]
public sealed record OpenUploadUsage(
    [property: Id(0)] string Bucket,
    [property: Id(1)] string Key,
    [property: Id(2)] string UploadId,
    [property: Id(3)] DateTimeOffset Initiated,
    [property: Id(4)] string? Initiator,
    [property: Id(5)] int Parts,
    [property: Id(6)] long Bytes);
