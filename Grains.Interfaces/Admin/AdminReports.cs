namespace Orleans.Multipart;

/// <summary>A bucket as the admin API lists it: its row, what its objects hold, and what its open uploads hold.</summary>
[GenerateSerializer, Immutable, Alias("omp.BucketUsage")]
public sealed record BucketUsage(
    [property: Id(0)] BucketInfo Bucket,
    [property: Id(1)] long Objects,
    [property: Id(2)] long Bytes,
    [property: Id(3)] long OpenUploads,
    [property: Id(4)] long UploadBytes);

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
