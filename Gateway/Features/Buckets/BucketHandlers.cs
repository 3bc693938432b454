namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>The bucket operations' handlers (the simple ones are written in their catalogue rows).</summary>
internal sealed partial class OperationExecutor
{
    internal async Task<OperationResult> ListBucketsAsync(ListBuckets list)
    {
        var all = await frontend.Grains.GetGrain<IBucketCatalogGrain>(IBucketCatalogGrain.DefaultKey).ListBuckets();
        var matching = all
            .Where(b => b.Name.StartsWith(list.Prefix, StringComparison.Ordinal) && (list.After is null || string.CompareOrdinal(b.Name, list.After) > 0))
            .OrderBy(b => b.Name, StringComparer.Ordinal)
            .ToList();
        var page = matching.Take(list.MaxBuckets).ToList();
        return new BucketsListed(list, page, list.Paged && matching.Count > page.Count ? page[^1].Name : null);
    }

    /// <summary>CreateBucket, then the ACL its headers asked for (checked before the bucket is created, so a bad grant creates nothing).</summary>
    internal async Task<OperationResult> CreateBucketAsync(CreateBucket create)
    {
        var acl = create.Acl?.Resolve(CallerContext.AccountOrRoot, CallerContext.AccountOrRoot);
        if (acl is not null)
        {
            await AclAccounts.CheckAsync(frontend.Grains, acl.Grants);
        }

        var bucket = frontend.Bucket(create.Bucket);
        await bucket.Create(create.Rule);
        if (acl is not null)
        {
            await SetBucketAclAsync(bucket, acl);
        }

        return new Done(create);
    }

    /// <summary>An operation answered from the bucket's settings alone (NoSuchBucket when there is none).</summary>
    internal async Task<OperationResult> DescribeBucketAsync(BucketRead read) => new BucketDescribed(read, await ExistingBucketAsync(read.Bucket));
}
