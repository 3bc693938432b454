using Orleans.Multipart.Grains.Storage;

namespace Orleans.Multipart.Grains;

/// <summary>
/// One object key. Serves the current manifest from memory (revalidated against the object row on
/// every read, so a second activation elsewhere cannot make it serve a stale one) and funnels every
/// write of the key through one activation; the store's guard row makes the same true for writers
/// that bypass it.
/// </summary>
[GrainType("object")]
public sealed class ObjectGrain(IMetadataStore store, TimeProvider time, MultipartMetrics metrics) : Grain, IObjectGrain
{
    private string _bucket = "";
    private string _key = "";
    private (string SourceId, ObjectManifest Manifest)? _cached;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_bucket, _key) = ObjectKey.Parse(this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    public Task<UploadInfo> Initiate(ObjectSettings settings) => UploadInitiation.OpenAsync(store, time, metrics, _bucket, _key, settings);

    public async Task<CompleteResult> CommitUpload(string uploadId, IReadOnlyList<CompletePart> parts, CompletionRules rules, WriteConditions conditions)
    {
        var result = await store.CompleteUploadAsync(
            _bucket,
            _key,
            uploadId,
            (stored, current) =>
            {
                conditions.Check(current?.ETag);
                return CompletionPlanner.Plan(parts, stored, rules);
            },
            kept => CompletionPlanner.Repeats(parts, kept),
            time.GetUtcNow());
        _cached = null;
        return result;
    }

    public async Task<ObjectManifest> Put(StoredBlob blob, ObjectSettings settings, WriteConditions conditions)
    {
        GrainLimits.CheckKey(_key);
        GrainLimits.CheckSettings(settings);
        GrainLimits.CheckObjectSize(blob.Size);
        var now = time.GetUtcNow();
        var sourceId = UploadIds.New(now);
        var checksum = blob.Checksum is { } sent ? new ObjectChecksum(sent.Algorithm, ChecksumCombination.FullObject, sent.Value, 0) : null;
        // The object's owner is its writer, the calling account, whatever the settings sent say.
        var record = new ObjectRecord(_bucket, _key, sourceId, blob.Size, blob.Md5Hex, 0, now, settings with { Owner = CallerContext.AccountOrRoot }, checksum);
        var part = new PartInfo(1, blob.Size, blob.Md5Hex, blob.BlobId, now, blob.Checksum);
        var versionId = await store.PutObjectAsync(record, part, current => conditions.Check(current?.ETag));
        metrics.BytesStored(blob.Size);
        var manifest = ToManifest(record with { VersionId = versionId }, new List<PartInfo> { part });
        _cached = (sourceId, manifest);
        return manifest;
    }

    public async Task<ObjectManifest> CopyFrom(CopySource source, WriteConditions conditions)
    {
        GrainLimits.CheckKey(_key);
        GrainLimits.CheckSettings(source.ReplaceSettings);
        var now = time.GetUtcNow();
        var owner = CallerContext.AccountOrRoot; // a copy is its copier's, not the source's owner's
        var copy = await store.CopyObjectAsync(source.Bucket, source.Key, _bucket, _key, UploadIds.New(now), (from, current) =>
        {
            source.Check(from.ETag, from.LastModified);
            source.CheckEncryption(from.Settings);
            conditions.Check(current?.ETag);
            // Blobs are shared, so their encryption at rest (service or customer key) is the source's whatever the new settings say.
            var settings = (source.ReplaceSettings ?? from.Settings).WithEncryptionOf(from.Settings);
            // Nor does it take the source's grants: its ACL is only what the copy request set (S3). Its tags follow
            // the tagging directive, not the metadata directive: the source's, or what the request set.
            return settings with
            {
                StorageClass = source.StorageClass ?? settings.StorageClass,
                Owner = owner,
                Acl = source.Acl,
                Tags = source.ReplaceTags ? source.Tags : from.Settings.Tags,
            };
        }, now, source.VersionId);
        var manifest = ToManifest(copy, await store.GetSourcePartsAsync(copy.SourceId));
        _cached = (copy.SourceId, manifest);
        return manifest;
    }

    public async Task<ObjectManifest?> Get()
    {
        var row = await store.GetObjectAsync(_bucket, _key);
        if (row is null)
        {
            _cached = null;
            return null;
        }

        if (_cached is { } cached && cached.SourceId == row.SourceId)
        {
            // ACL and tags change in place (same source): the settings are the row's just read, so a second
            // activation's change is never hidden by this one's cache.
            return cached.Manifest with { Settings = row.Settings };
        }

        var parts = await store.GetSourcePartsAsync(row.SourceId);
        var manifest = ToManifest(row, parts);
        _cached = (row.SourceId, manifest);
        return manifest;
    }

    public async Task<bool> Delete()
    {
        _cached = null;
        return await store.DeleteObjectAsync(_bucket, _key);
    }

    public async Task<AccessControlList?> GetAcl()
    {
        if (await store.GetObjectAsync(_bucket, _key) is not { Settings: var settings })
        {
            return null;
        }

        var owner = settings.Owner ?? AccountIds.Root;
        return settings.Acl is { } acl ? acl with { Owner = owner } : AccessControlList.Private(owner);
    }

    public async Task<bool> SetAcl(AccessControlList acl)
    {
        // The cached manifest carries the settings: the next read takes the new ACL from the row.
        _cached = null;
        return await store.SetObjectAclAsync(_bucket, _key, acl);
    }

    public async Task<TagSet?> GetTags() =>
        await store.GetObjectAsync(_bucket, _key) is { Settings: var settings } ? settings.Tags ?? TagSet.Empty : null;

    public async Task<bool> SetTags(TagSet? tags)
    {
        // The cached manifest carries the settings (x-amz-tagging-count): the next read takes the new tags from the row.
        _cached = null;
        return await store.SetObjectTagsAsync(_bucket, _key, tags is { Tags.Count: > 0 } ? tags : null);
    }

    public async Task<VersionRead?> GetVersion(string versionId)
    {
        // Not cached: a version is read where it is asked for, and a version never changes its bytes.
        if (await store.GetObjectVersionAsync(_bucket, _key, versionId) is not { } version)
        {
            return null;
        }

        return version.IsDeleteMarker
            ? new VersionRead(null, new DeleteMarkerInfo(versionId, version.Record.LastModified))
            : new VersionRead(ToManifest(version.Record, await store.GetSourcePartsAsync(version.Record.SourceId)), null);
    }

    public Task<DeleteMarkerInfo?> LatestDeleteMarker() => store.GetLatestDeleteMarkerAsync(_bucket, _key);

    public async Task<DeleteResult?> DeleteVersion(string? versionId)
    {
        _cached = null;
        return await store.DeleteObjectVersionAsync(_bucket, _key, versionId, CallerContext.AccountOrRoot);
    }

    public async Task<VersionSettingsChange> SetVersionTags(string versionId, TagSet? tags)
    {
        // The version named may be the current object, whose cached manifest carries the settings.
        _cached = null;
        var stored = tags is { Tags.Count: > 0 } ? tags : null;
        return await store.ChangeObjectVersionSettingsAsync(_bucket, _key, versionId, settings => settings with { Tags = stored });
    }

    public async Task<VersionSettingsChange> SetVersionAcl(string versionId, AccessControlList acl)
    {
        _cached = null;
        return await store.ChangeObjectVersionSettingsAsync(_bucket, _key, versionId, settings => settings with { Acl = acl with { Owner = settings.Owner ?? AccountIds.Root } });
    }

    private static ObjectManifest ToManifest(ObjectRecord row, IReadOnlyList<PartInfo> parts) =>
        new(row.Bucket, row.Key, row.ETag, row.Size, row.LastModified, row.Settings, row.PartsCount, parts, row.Checksum, row.VersionId);
}
