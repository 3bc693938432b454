using Orleans.Multipart.Grains.Storage;

namespace Orleans.Multipart.Grains;

/// <summary>
/// One multipart upload. Remembers whether the upload is still open so that parts arriving after
/// Complete or Abort are refused without a database round trip. A retried Complete answers the same
/// result; a different part list on a completed upload is NoSuchUpload. The store decides every race:
/// Describe and AddPart interleave with every call (see <see cref="IUploadGrain"/>), so the remembered
/// record only ever moves from open to closed (<see cref="Remember"/>).
/// </summary>
[GrainType("upload")]
public sealed class UploadGrain(IMetadataStore store, TimeProvider time, MultipartMetrics metrics) : Grain, IUploadGrain
{
    private UploadRecord? _upload;

    private string UploadId => this.GetPrimaryKeyString();

    public async Task<UploadInfo> Describe(string bucket, string key)
    {
        var upload = await LoadOpenAsync(bucket, key);
        await EnsureCallerMayUseAsync(upload);
        return new UploadInfo(upload.UploadId, upload.Bucket, upload.Key, upload.Initiated, upload.Settings, upload.State);
    }

    public async Task AddPart(string bucket, string key, StoredPart part)
    {
        GrainLimits.CheckPart(part);
        if (await KnownAsync() is { } known)
        {
            if (known.State != UploadState.Open || known.Bucket != bucket || known.Key != key)
            {
                throw NoSuchUpload();
            }

            await EnsureCallerMayUseAsync(known);
        }

        var info = new PartInfo(part.PartNumber, part.Size, part.Md5Hex, part.BlobId, time.GetUtcNow(), part.Checksum);
        if (!await store.AddPartAsync(bucket, key, UploadId, info))
        {
            Remember(await store.GetUploadAsync(UploadId));
            throw NoSuchUpload();
        }

        metrics.BytesStored(part.Size);
    }

    public async Task<bool> AddCopiedPart(string bucket, string key, StoredPart part, string sourceBucket, string sourceKey)
    {
        GrainLimits.CheckPart(part);
        if (await KnownAsync() is { } known)
        {
            if (known.State != UploadState.Open || known.Bucket != bucket || known.Key != key)
            {
                throw NoSuchUpload();
            }

            await EnsureCallerMayUseAsync(known);
        }

        var info = new PartInfo(part.PartNumber, part.Size, part.Md5Hex, part.BlobId, time.GetUtcNow(), part.Checksum);
        switch (await store.AddCopiedPartAsync(bucket, key, UploadId, info, sourceBucket, sourceKey))
        {
            case CopiedPartOutcome.UploadNotOpen:
                Remember(await store.GetUploadAsync(UploadId));
                throw NoSuchUpload();
            case CopiedPartOutcome.SourceChanged:
                return false;
            default:
                return true;
        }
    }

    public async Task<PartPage> ListParts(string bucket, string key, int partNumberMarker, int maxParts)
    {
        GrainLimits.CheckPartPage(partNumberMarker, maxParts);
        await EnsureCallerMayUseAsync(await LoadOpenAsync(bucket, key));
        var (parts, truncated) = await store.ListPartsAsync(UploadId, partNumberMarker, maxParts);
        return new PartPage(parts, truncated, parts.Count > 0 ? parts[^1].PartNumber : 0);
    }

    public async Task<CompleteResult> Complete(string bucket, string key, IReadOnlyList<CompletePart> parts, CompletionRules rules, WriteConditions conditions)
    {
        // A completed upload still goes to the store: only the part list the object kept tells a retry
        // (same answer) from a different list (NoSuchUpload).
        try
        {
            var started = time.GetTimestamp();

            // The object's checksum follows what the upload declared, whatever the dialect sent (settings never change).
            if (await KnownAsync() is { } upload && upload.Bucket == bucket && upload.Key == key)
            {
                await EnsureCallerMayUseAsync(upload);
            }

            rules = rules with { ChecksumAlgorithm = _upload?.Settings.ChecksumAlgorithm, ChecksumType = _upload?.Settings.ChecksumType };
            var result = await GrainFactory.GetGrain<IObjectGrain>(ObjectKey.Format(bucket, key)).CommitUpload(UploadId, parts, rules, conditions);
            Remember(await store.GetUploadAsync(UploadId));
            metrics.UploadCompleted(time.GetElapsedTime(started));
            return result with { Encrypted = _upload?.Settings.Encrypted ?? false };
        }
        catch (MultipartException ex) when (ex.Error == MultipartError.NoSuchUpload)
        {
            Remember(await store.GetUploadAsync(UploadId));
            throw;
        }
    }

    public async Task Abort(string bucket, string key)
    {
        if (await KnownAsync() is { } upload && upload.Bucket == bucket && upload.Key == key)
        {
            await EnsureCallerMayUseAsync(upload);
        }

        var aborted = await store.AbortUploadAsync(bucket, key, UploadId);
        Remember(await store.GetUploadAsync(UploadId));
        if (!aborted)
        {
            throw NoSuchUpload();
        }

        metrics.UploadAborted();
    }

    /// <summary>The upload as remembered, read once per activation (null: no such upload).</summary>
    private async ValueTask<UploadRecord?> KnownAsync()
    {
        if (_upload is null)
        {
            Remember(await store.GetUploadAsync(UploadId));
        }

        return _upload;
    }

    /// <summary>
    /// An upload ID is not a capability (issue 22): only the upload's initiator, the bucket's owner or an
    /// administrator may add parts to it, list, complete or abort it; anyone else, even with WRITE on the
    /// bucket, is refused with AccessDenied. Calls that name no principal are the cluster's own (the expiry
    /// sweep) and pass.
    /// </summary>
    private async ValueTask EnsureCallerMayUseAsync(UploadRecord upload)
    {
        if (CallerContext.Current is not { IsAdmin: false } caller || caller.AccountId == (upload.Settings.Owner ?? AccountIds.Root))
        {
            return;
        }

        if (!caller.IsAnonymous && await GrainFactory.GetGrain<IBucketGrain>(upload.Bucket).GetAccess() is { } bucket && bucket.Owner == caller.AccountId)
        {
            return;
        }

        throw new MultipartException(MultipartError.AccessDenied, "Access Denied: the upload was initiated by another account.");
    }

    private async Task<UploadRecord> LoadOpenAsync(string bucket, string key)
    {
        if (_upload is null || _upload.State == UploadState.Open)
        {
            Remember(await store.GetUploadAsync(UploadId));
        }

        return _upload is { State: UploadState.Open } open && open.Bucket == bucket && open.Key == key ? open : throw NoSuchUpload();
    }

    /// <summary>
    /// Keeps what a read saw, unless a closed record is already remembered: an upload never reopens, and a
    /// read that started before an interleaved Complete or Abort may return after it with the open row.
    /// </summary>
    private void Remember(UploadRecord? read)
    {
        if (_upload is null || _upload.State == UploadState.Open)
        {
            _upload = read;
        }
    }

    private static MultipartException NoSuchUpload() => MultipartException.NoSuchUpload();
}
