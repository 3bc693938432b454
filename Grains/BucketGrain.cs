using Orleans.Multipart.Grains.Storage;
using Orleans.Storage;

namespace Orleans.Multipart.Grains;

/// <summary>
/// A bucket's lifecycle, its settings and its listings. The bucket row (name, rule, creation time)
/// stays in the metadata tables because uploads and objects are checked against it in their
/// transactions; the settings document (anonymous write, and what access control and lifecycle add)
/// is grain state, read by key, versioned by the storage provider. Listings are indexed range
/// queries, never a scan of grains.
/// </summary>
[GrainType("bucket")]
public sealed class BucketGrain(
    IMetadataStore store,
    TimeProvider time,
    [PersistentState(BucketSettings.StateName, MultipartStorage.GrainStorageName)] IPersistentState<BucketSettings> settings) : Grain, IBucketGrain
{
    private string Name => this.GetPrimaryKeyString();

    /// <summary>The owning account, read once per activation (null until read, or when the bucket does not exist).</summary>
    private string? _owner;

    public async Task<BucketInfo> Create(BucketRule rule)
    {
        var bucket = new BucketInfo(Name, rule, time.GetUtcNow(), Owner: CallerContext.AccountOrRoot);
        if (!await store.CreateBucketAsync(bucket))
        {
            // The name is global: whose bucket it is decides the answer (S3: BucketAlreadyOwnedByYou / BucketAlreadyExists).
            throw await store.GetBucketAsync(Name) is { } existing && existing.Owner != bucket.Owner
                ? new MultipartException(MultipartError.BucketOwnedByAnother, "The requested bucket name is not available.")
                : new MultipartException(MultipartError.BucketAlreadyExists, "Your previous request to create the named bucket succeeded and you already own it.");
        }

        // A bucket of the same name deleted earlier may have left settings behind: start from defaults.
        await WriteSettingsAsync(_ => new BucketSettings());
        _owner = bucket.Owner;
        return bucket;
    }

    public async Task<BucketInfo?> Describe() =>
        await store.GetBucketAsync(Name) is { } row ? WithSettings(row) : null;

    public async Task SetAnonymousWrite(bool allowed)
    {
        var row = await store.GetBucketAsync(Name) ?? throw NoSuchBucket();
        await WriteSettingsAsync(current => current with { AnonymousWrite = allowed, Migrated = true }, row);
    }

    public async Task<BucketAccess?> GetAccess()
    {
        if (_owner is null)
        {
            // The owner never changes but through SetOwner, which updates this copy: one database read per activation.
            _owner = (await store.GetBucketAsync(Name))?.Owner;
            if (_owner is null)
            {
                return null;
            }
        }

        var acl = settings.State.Acl ?? AccessControlList.Private(_owner);
        if (settings.State.Acl is null && settings.State.AnonymousWrite)
        {
            acl = acl with { Grants = [.. acl.Grants, new Grant(Grantee.AllUsers, AclPermission.Write)] };
        }

        return new BucketAccess(Name, _owner, acl, settings.State.Policy);
    }

    public async Task SetAcl(AccessControlList acl)
    {
        var row = await store.GetBucketAsync(Name) ?? throw NoSuchBucket();
        await WriteSettingsAsync(current => current with { Acl = acl with { Owner = row.Owner }, AnonymousWrite = false }, row);
    }

    public async Task SetOwner(string owner)
    {
        if (CallerContext.Current is { IsAdmin: false })
        {
            throw new MultipartException(MultipartError.AccessDenied, "Only an administrator may change a bucket's owner.");
        }

        if (!await store.SetBucketOwnerAsync(Name, owner))
        {
            throw NoSuchBucket();
        }

        // The row is the truth (Create and the listings read it); the ACL's owner follows it, as SetAcl keeps them alike.
        _owner = owner;
        if (settings.State.Acl is { } acl && acl.Owner != owner)
        {
            await WriteSettingsAsync(current => current.Acl is null ? current : current with { Acl = current.Acl with { Owner = owner } });
        }
    }

    public async Task SetPolicy(BucketPolicy? policy)
    {
        var row = await store.GetBucketAsync(Name) ?? throw NoSuchBucket();
        await WriteSettingsAsync(current => current with { Policy = policy }, row);
    }

    public async Task<DefaultEncryption?> GetDefaultEncryption()
    {
        await EnsureExistsAsync();
        return settings.State.DefaultEncryption;
    }

    public Task<DefaultEncryption?> DefaultEncryptionForWrites() => Task.FromResult(settings.State.DefaultEncryption);

    public async Task SetDefaultEncryption(DefaultEncryption? encryption)
    {
        var row = await store.GetBucketAsync(Name) ?? throw NoSuchBucket();
        await WriteSettingsAsync(current => current with { DefaultEncryption = encryption }, row);
    }

    public async Task Delete()
    {
        switch (await store.DeleteBucketAsync(Name))
        {
            case DeleteBucketOutcome.NotFound:
                throw NoSuchBucket();
            case DeleteBucketOutcome.NotEmpty:
                throw new MultipartException(MultipartError.BucketNotEmpty, "The bucket you tried to delete is not empty");
        }

        await settings.ClearStateAsync();
        _owner = null;
    }

    public async Task<UploadListing> ListUploads(UploadListingRequest request)
    {
        await EnsureExistsAsync();
        (string? Key, string? UploadId) after = (request.KeyMarker, request.KeyMarker is null ? null : request.UploadIdMarker);
        if (request.UploadIdMarkerAlone && request.KeyMarker is null && request.UploadIdMarker is { Length: > 0 } marker
            && await store.GetUploadAsync(marker) is { } markerUpload && markerUpload.Bucket == Name)
        {
            after = (markerUpload.Key, markerUpload.UploadId);
        }

        var walk = await DelimitedListing.WalkAsync<UploadSummary, (string? Key, string? UploadId)>(
            request.Prefix,
            request.Delimiter,
            Math.Clamp(request.MaxUploads, 0, 1000),
            after,
            (cursor, limit) => store.ListUploadsAsync(Name, request.Prefix, cursor.Key, cursor.UploadId, limit),
            upload => upload.Key,
            upload => (upload.Key, upload.UploadId),
            key => (key, null));
        return walk.IsTruncated
            ? new UploadListing(walk.Entries, walk.CommonPrefixes, true, walk.Last.Key, walk.Last.UploadId)
            : new UploadListing(walk.Entries, walk.CommonPrefixes, false, null, null);
    }

    public async Task<ObjectListing> ListObjects(ObjectListingRequest request)
    {
        await EnsureExistsAsync();
        var max = Math.Clamp(request.MaxKeys, 0, 1000);
        if (max == 0)
        {
            return new ObjectListing([], [], false, null);
        }

        // A marker inside a common prefix (the NextMarker of a page that ended on it) has returned
        // that prefix already: resume after everything it rolls up, as S3 and Ceph RGW do.
        var after = request.StartAfter is { } start && start.StartsWith(request.Prefix, StringComparison.Ordinal)
            && DelimitedListing.CommonPrefix(start, request.Prefix, request.Delimiter) is { } startPrefix
                ? startPrefix + DelimitedListing.MaxChar
                : request.StartAfter;
        var walk = await DelimitedListing.WalkAsync<ObjectSummary, string?>(
            request.Prefix,
            request.Delimiter,
            max,
            after,
            (cursor, limit) => store.ListObjectsAsync(Name, request.Prefix, cursor, limit),
            obj => obj.Key,
            obj => obj.Key,
            key => key);
        return new ObjectListing(walk.Entries, walk.CommonPrefixes, walk.IsTruncated, walk.IsTruncated ? walk.Last : null);
    }

    public async Task SetCors(CorsConfiguration configuration)
    {
        if (configuration.Problem() is { } problem)
        {
            throw new MultipartException(MultipartError.InvalidArgument, problem);
        }

        var row = await store.GetBucketAsync(Name) ?? throw NoSuchBucket();
        await WriteSettingsAsync(current => current with { Cors = configuration }, row);
    }

    public Task<CorsConfiguration?> GetCors() => Task.FromResult(settings.State.Cors);

    public async Task DeleteCors()
    {
        var row = await store.GetBucketAsync(Name) ?? throw NoSuchBucket();
        if (settings.State.Cors is not null)
        {
            await WriteSettingsAsync(current => current with { Cors = null }, row);
        }
    }

    public async Task<TagSet?> GetTags()
    {
        await EnsureExistsAsync();
        return settings.State.Tags;
    }

    public async Task SetTags(TagSet? tags)
    {
        var row = await store.GetBucketAsync(Name) ?? throw NoSuchBucket();
        var stored = tags is { Tags.Count: > 0 } ? tags : null;
        if (stored is not null || settings.State.Tags is not null)
        {
            await WriteSettingsAsync(current => current with { Tags = stored }, row);
        }
    }

    public async Task SetVersioning(BucketVersioning state)
    {
        switch (await store.SetBucketVersioningAsync(Name, state))
        {
            case BucketVersioningOutcome.NotFound:
                throw NoSuchBucket();
            case BucketVersioningOutcome.ExclusiveBucket:
                throw new MultipartException(MultipartError.InvalidBucketState, "Versioning cannot be set on an exclusive (write-once) bucket: its keys are never overwritten, so there are no earlier versions to keep.");
        }
    }

    public async Task<ObjectVersionListing> ListObjectVersions(ObjectVersionListingRequest request)
    {
        await EnsureExistsAsync();
        var max = Math.Clamp(request.MaxKeys, 0, 1000);
        if (max == 0)
        {
            return new ObjectVersionListing([], [], false, null, null);
        }

        // key-marker alone: after every version of that key; with version-id-marker: after that version of it
        // (a marker naming no version of the key lists from the next key, as after the key alone).
        VersionCursor after = new(request.KeyMarker, null, null);
        if (request.KeyMarker is { } keyMarker && request.VersionIdMarker is { Length: > 0 } versionMarker)
        {
            after = new(keyMarker, await store.GetVersionPositionAsync(Name, keyMarker, versionMarker), versionMarker);
        }

        // A marker inside a common prefix has returned that prefix already: resume after everything it rolls up.
        if (after.Key is { } start && start.StartsWith(request.Prefix, StringComparison.Ordinal)
            && DelimitedListing.CommonPrefix(start, request.Prefix, request.Delimiter) is { } startPrefix)
        {
            after = new(startPrefix + DelimitedListing.MaxChar, null, null);
        }

        var walk = await DelimitedListing.WalkAsync<StoredVersionEntry, VersionCursor>(
            request.Prefix,
            request.Delimiter,
            max,
            after,
            (cursor, limit) => store.ListObjectVersionsAsync(Name, request.Prefix, cursor.Key, cursor.Position, limit),
            entry => entry.Summary.Key,
            entry => new(entry.Summary.Key, entry.Position, entry.Summary.VersionId),
            key => new(key, null, null));
        var versions = walk.Entries.Select(e => e.Summary).ToList();
        return walk.IsTruncated
            ? new ObjectVersionListing(versions, walk.CommonPrefixes, true, walk.Last?.Key, walk.Last?.VersionId)
            : new ObjectVersionListing(versions, walk.CommonPrefixes, false, null, null);
    }

    /// <summary>Where a version listing resumes: after a key (<see cref="Position"/> null) or after one of its versions.</summary>
    private sealed record VersionCursor(string? Key, long? Position, string? VersionId);

    public async Task SetLifecycle(LifecycleConfiguration configuration)
    {
        if (configuration.Problem() is { } problem)
        {
            throw new MultipartException(problem.Error, problem.Message);
        }

        var row = await store.GetBucketAsync(Name) ?? throw NoSuchBucket();

        // The table first: a bucket with rules is never missing from it (a failed state write leaves an entry
        // the next sweep of the bucket removes, finding no rules).
        await store.RegisterLifecycleBucketAsync(Name);
        await WriteSettingsAsync(current => current with { Lifecycle = configuration }, row);
    }

    public Task<LifecycleConfiguration?> GetLifecycle() => Task.FromResult(settings.State.Lifecycle);

    public async Task DeleteLifecycle()
    {
        var row = await store.GetBucketAsync(Name) ?? throw NoSuchBucket();
        if (settings.State.Lifecycle is not null)
        {
            await WriteSettingsAsync(current => current with { Lifecycle = null }, row);
        }

        await store.UnregisterLifecycleBucketAsync(Name);
    }

    public async Task<LifecycleConfiguration?> LifecycleForSweep()
    {
        if (settings.State.Lifecycle is { } rules)
        {
            return rules;
        }

        // No rules (deleted, or the bucket is gone): the service-wide expiry applies to the bucket again.
        await store.UnregisterLifecycleBucketAsync(Name);
        return null;
    }

    private async Task EnsureExistsAsync()
    {
        if (await store.GetBucketAsync(Name) is null)
        {
            throw NoSuchBucket();
        }
    }

    /// <summary>
    /// The row's settings: the grain state once written; before that, what a database created by an
    /// earlier version kept in the bucket row (its anonymous_write column).
    /// </summary>
    private BucketInfo WithSettings(BucketInfo row) =>
        settings.State.Migrated ? row with { AnonymousWrite = settings.State.AnonymousWrite } : row;

    /// <summary>
    /// Writes a change to the settings. A second activation elsewhere (possible during membership
    /// changes) makes the write fail on its version; the state is then re-read and the change applied again.
    /// </summary>
    private async Task WriteSettingsAsync(Func<BucketSettings, BucketSettings> change, BucketInfo? row = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = settings.State.Migrated || row is null ? settings.State : settings.State with { AnonymousWrite = row.AnonymousWrite, Migrated = true };
            settings.State = change(current) with { Migrated = true };
            try
            {
                await settings.WriteStateAsync();
                return;
            }
            catch (InconsistentStateException) when (attempt < 3)
            {
                await settings.ReadStateAsync();
            }
        }
    }

    private static MultipartException NoSuchBucket() => new(MultipartError.NoSuchBucket, "The specified bucket does not exist");
}

/// <summary>The list of buckets.</summary>
[GrainType("catalog")]
public sealed class BucketCatalogGrain(IMetadataStore store) : Grain, IBucketCatalogGrain
{
    /// <summary>
    /// The calling account's buckets (S3's ListBuckets lists one's own); every bucket for an administrator
    /// (who manages them all) or a call that names no principal (the cluster's own callers).
    /// </summary>
    public Task<IReadOnlyList<BucketInfo>> ListBuckets() => CallerContext.Current switch
    {
        null or { IsAdmin: true } => store.ListBucketsAsync(),
        { IsAnonymous: true } => Task.FromResult<IReadOnlyList<BucketInfo>>([]),
        var caller => store.ListBucketsAsync(caller.AccountId),
    };
}
