namespace Orleans.Multipart;

/// <summary>
/// The admin API's reports over the metadata database (a stateless worker: each call is one query). Every
/// method requires an administrator principal (<see cref="CallerContext"/>); others get AccessDenied.
/// </summary>
[Alias("omp.admin-stats")]
public interface IAdminStatsGrain : IGrainWithIntegerKey
{
    /// <summary>Every bucket with its owner, rule, objects, bytes, open uploads and the bytes their parts hold.</summary>
    [Alias("list-bucket-usage")]
    Task<IReadOnlyList<BucketUsage>> ListBucketUsage();

    /// <summary>Open uploads initiated before <paramref name="cutoff"/>, oldest first (of one bucket, or of all).</summary>
    [Alias("list-open-uploads")]
    Task<IReadOnlyList<OpenUploadUsage>> ListOpenUploads(string? bucket, DateTimeOffset cutoff, int limit);
}
