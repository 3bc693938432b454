using Orleans.Multipart.Grains.Storage;
using Orleans.Multipart.Runtime;

namespace Orleans.Multipart.Grains;

/// <summary>A bucket's lifecycle and its listings, which are indexed range queries (never a scan of grains).</summary>
public sealed class BucketGrain(IMetadataStore store, TimeProvider time) : Grain, IBucketGrain
{
    /// <summary>U+10FFFF, the largest code point: appended to a common prefix it sorts after every key that starts with the prefix.</summary>
    private const string MaxChar = "\uDBFF\uDFFF";

    public async Task<BucketInfo> Create(BucketRule rule)
    {
        var bucket = new BucketInfo(GrainKey, rule, time.GetUtcNow());
        if (!await store.CreateBucketAsync(bucket))
        {
            throw new MultipartException(MultipartError.BucketAlreadyExists, "Your previous request to create the named bucket succeeded and you already own it.");
        }

        return bucket;
    }

    public Task<BucketInfo?> Describe() => store.GetBucketAsync(GrainKey);

    public async Task SetAnonymousWrite(bool allowed)
    {
        if (!await store.SetAnonymousWriteAsync(GrainKey, allowed))
        {
            throw new MultipartException(MultipartError.NoSuchBucket, "The specified bucket does not exist");
        }
    }

    public async Task Delete()
    {
        switch (await store.DeleteBucketAsync(GrainKey))
        {
            case DeleteBucketOutcome.NotFound:
                throw new MultipartException(MultipartError.NoSuchBucket, "The specified bucket does not exist");
            case DeleteBucketOutcome.NotEmpty:
                throw new MultipartException(MultipartError.BucketNotEmpty, "The bucket you tried to delete is not empty");
        }
    }

    public async Task<UploadListing> ListUploads(UploadListingRequest request)
    {
        await EnsureExistsAsync();
        var max = Math.Clamp(request.MaxUploads, 0, 1000);
        var uploads = new List<UploadSummary>();
        var prefixes = new List<string>();
        string? afterKey = request.KeyMarker;
        string? afterUpload = request.KeyMarker is null ? null : request.UploadIdMarker;
        if (request.UploadIdMarkerAlone && request.KeyMarker is null && request.UploadIdMarker is { Length: > 0 } marker
            && await store.GetUploadAsync(marker) is { } markerUpload && markerUpload.Bucket == GrainKey)
        {
            (afterKey, afterUpload) = (markerUpload.Key, markerUpload.UploadId);
        }

        string? lastKey = null, lastUpload = null;
        var truncated = false;
        while (!truncated)
        {
            var batch = await store.ListUploadsAsync(GrainKey, request.Prefix, afterKey, afterUpload, max + 1);
            var consumed = false;
            foreach (var upload in batch)
            {
                if (!upload.Key.StartsWith(request.Prefix, StringComparison.Ordinal))
                {
                    return new UploadListing(uploads, prefixes, false, null, null);
                }

                if (uploads.Count + prefixes.Count == max)
                {
                    truncated = true;
                    break;
                }

                var common = CommonPrefix(upload.Key, request.Prefix, request.Delimiter);
                if (common is not null)
                {
                    prefixes.Add(common);
                    (lastKey, lastUpload) = (common, null);
                    (afterKey, afterUpload) = (common + MaxChar, null);
                    consumed = true;
                    break;
                }

                uploads.Add(upload);
                (lastKey, lastUpload) = (upload.Key, upload.UploadId);
                (afterKey, afterUpload) = (upload.Key, upload.UploadId);
            }

            if (!consumed && !truncated && batch.Count <= max)
            {
                break;
            }
        }

        return truncated
            ? new UploadListing(uploads, prefixes, true, lastKey, lastUpload)
            : new UploadListing(uploads, prefixes, false, null, null);
    }

    public async Task<ObjectListing> ListObjects(ObjectListingRequest request)
    {
        await EnsureExistsAsync();
        var max = Math.Clamp(request.MaxKeys, 0, 1000);
        var objects = new List<ObjectSummary>();
        var prefixes = new List<string>();
        if (max == 0)
        {
            return new ObjectListing(objects, prefixes, false, null);
        }

        // A marker inside a common prefix (the NextMarker of a page that ended on it) has returned
        // that prefix already: resume after everything it rolls up, as S3 and Ceph RGW do.
        var after = request.StartAfter is { } start && start.StartsWith(request.Prefix, StringComparison.Ordinal)
            && CommonPrefix(start, request.Prefix, request.Delimiter) is { } startPrefix
                ? startPrefix + MaxChar
                : request.StartAfter;
        string? last = null;
        var truncated = false;
        while (!truncated)
        {
            var batch = await store.ListObjectsAsync(GrainKey, request.Prefix, after, max + 1);
            var consumed = false;
            foreach (var obj in batch)
            {
                if (!obj.Key.StartsWith(request.Prefix, StringComparison.Ordinal))
                {
                    return new ObjectListing(objects, prefixes, false, null);
                }

                if (objects.Count + prefixes.Count == max)
                {
                    truncated = true;
                    break;
                }

                var common = CommonPrefix(obj.Key, request.Prefix, request.Delimiter);
                if (common is not null)
                {
                    prefixes.Add(common);
                    last = common;
                    after = common + MaxChar;
                    consumed = true;
                    break;
                }

                objects.Add(obj);
                last = after = obj.Key;
            }

            if (!consumed && !truncated && batch.Count <= max)
            {
                break;
            }
        }

        return new ObjectListing(objects, prefixes, truncated, truncated ? last : null);
    }

    private static string? CommonPrefix(string key, string prefix, string? delimiter)
    {
        if (string.IsNullOrEmpty(delimiter))
        {
            return null;
        }

        var at = key.IndexOf(delimiter, prefix.Length, StringComparison.Ordinal);
        return at < 0 ? null : key[..(at + delimiter.Length)];
    }

    private async Task EnsureExistsAsync()
    {
        if (await store.GetBucketAsync(GrainKey) is null)
        {
            throw new MultipartException(MultipartError.NoSuchBucket, "The specified bucket does not exist");
        }
    }
}

/// <summary>The list of buckets.</summary>
public sealed class BucketCatalogGrain(IMetadataStore store) : Grain, IBucketCatalogGrain
{
    public Task<IReadOnlyList<BucketInfo>> ListBuckets() => store.ListBucketsAsync();
}
