namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>The bucket operations' handlers (the simple ones are written in their catalogue rows).</summary>
internal sealed partial class OperationExecutor
{
    internal async Task<OperationResult> ListBucketsAsync(ListBuckets list)
    {
        var all = await frontend.Grains.GetGrain<IBucketCatalogGrain>(IBucketCatalogGrain.DefaultKey).ListBuckets();

        // S3 lists the caller's own buckets (an administrator sees every bucket).
        var caller = CallerContext.Current;
        var matching = all
            .Where(b => caller is null || caller.IsAdmin || b.Owner == caller.AccountId)
            .Where(b => b.Name.StartsWith(list.Prefix, StringComparison.Ordinal) && (list.After is null || string.CompareOrdinal(b.Name, list.After) > 0))
            .OrderBy(b => b.Name, StringComparer.Ordinal)
            .ToList();
        var page = matching.Take(list.MaxBuckets).ToList();
        return new BucketsListed(list, page, list.Paged && matching.Count > page.Count ? page[^1].Name : null);
    }

    /// <summary>
    /// CreateBucket, then the ACL its headers asked for (checked before the bucket is created, so a bad grant
    /// creates nothing). The caller's own bucket created again, where that succeeds, is left as it is: its ACL too.
    /// </summary>
    internal async Task<OperationResult> CreateBucketAsync(CreateBucket create)
    {
        var acl = create.Acl?.Resolve(CallerContext.AccountOrRoot, CallerContext.AccountOrRoot);
        if (acl is not null)
        {
            await AclAccounts.CheckAsync(frontend.Grains, acl.Grants);
        }

        var bucket = frontend.Bucket(create.Bucket);
        try
        {
            await bucket.Create(create.Rule);
        }
        catch (MultipartException e) when (e.Error == MultipartError.BucketAlreadyExists && create.OwnBucketAgainSucceeds)
        {
            // The caller's own bucket (another account's is BucketOwnedByAnother): left as it is.
            return new Done(create);
        }

        if (acl is not null)
        {
            await SetBucketAclAsync(bucket, acl);
        }

        return new Done(create);
    }

    /// <summary>An operation answered from the bucket's settings alone (NoSuchBucket when there is none).</summary>
    internal async Task<OperationResult> DescribeBucketAsync(BucketRead read) => new BucketDescribed(read, await ExistingBucketAsync(read.Bucket));
}
