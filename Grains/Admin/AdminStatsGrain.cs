using Orleans.Concurrency;
using Orleans.Multipart.Grains.Storage;

namespace Orleans.Multipart.Grains.Admin;

/// <summary>The admin API's reports: one database query per call, for administrators only.</summary>
[StatelessWorker]
[GrainType("admin-stats")]
public sealed class AdminStatsGrain(IMetadataStore store) : Grain, IAdminStatsGrain
{
    /// <summary>The most uploads one report lists.</summary>
    public const int MaxUploads = 10_000;

    public Task<IReadOnlyList<BucketUsage>> ListBucketUsage()
    {
        RequireAdministrator();
        return store.ListBucketUsageAsync();
    }

    public Task<IReadOnlyList<OpenUploadUsage>> ListOpenUploads(string? bucket, DateTimeOffset cutoff, int limit)
    {
        RequireAdministrator();
        return store.ListOpenUploadUsageAsync(bucket, cutoff, Math.Clamp(limit, 1, MaxUploads));
    }

    /// <summary>
    /// The reports show every account's buckets and uploads. A caller that names no principal is the cluster
    /// itself (a grain's own work, or a client from before accounts) and passes, as everywhere else.
    /// </summary>
    private static void RequireAdministrator()
    {
        if (CallerContext.Current is { IsAdmin: false })
        {
            throw new MultipartException(MultipartError.AccessDenied, "Only an administrator may read the admin reports.");
        }
    }
}
