namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>
/// Versioning's handlers: reads of one version, deletes that answer what they did, the version listing. A read or delete
/// that names no version keeps the unversioned path's calls; the delete-marker look-up happens only on a 404.
/// </summary>
internal sealed partial class OperationExecutor
{
    /// <summary>The manifest a GET or HEAD reads: the current object, or the version it names. 404 (with the delete marker's headers when that is why), 405 for a marker named by ID.</summary>
    internal async Task<ObjectManifest> ManifestForReadAsync(GetObject get)
    {
        var grain = frontend.Object(get.Bucket, get.Key);
        if (get.VersionId is not { } versionId)
        {
            return await grain.Get() ?? throw await MissingObjectAsync(get.Bucket, grain);
        }

        return await NamedVersionAsync(get.Bucket, grain, versionId);
    }

    /// <summary>The version a request names: its manifest; NoSuchVersion (NoSuchBucket first), 405 with the marker's headers for a delete marker.</summary>
    internal async Task<ObjectManifest> NamedVersionAsync(string bucket, IObjectGrain grain, string versionId)
    {
        switch (await grain.GetVersion(CheckedVersionId(versionId)))
        {
            case { Manifest: { } manifest }:
                return manifest;
            case { DeleteMarker: { } marker }:
                // S3: a delete marker has no body to read; 405 says so, with its version and time.
                throw new DialectException(MultipartError.MethodNotAllowed, "The specified method is not allowed against this resource.")
                {
                    ResponseHeaders = DeleteMarkerHeaders(marker),
                };
            default:
                throw await NoSuchVersionAsync(bucket);
        }
    }

    /// <summary>
    /// What a change of a named version's tags or ACL (ver23b) found, as S3 answers it: nothing for a change made, NoSuchVersion
    /// (NoSuchBucket first) for no such version, 405 for a delete marker (it has neither tags nor an ACL).
    /// </summary>
    internal async Task ExpectVersionChangedAsync(string bucket, VersionSettingsChange change)
    {
        switch (change)
        {
            case VersionSettingsChange.Changed:
                return;
            case VersionSettingsChange.DeleteMarker:
                throw new DialectException(MultipartError.MethodNotAllowed, "The specified method is not allowed against this resource.");
            default:
                throw await NoSuchVersionAsync(bucket);
        }
    }

    private async Task<DialectException> NoSuchVersionAsync(string bucket)
    {
        await ExistingBucketAsync(bucket);
        return new DialectException(MultipartError.NoSuchVersion, "The specified version does not exist.");
    }

    /// <summary>NoSuchBucket, or NoSuchKey carrying the latest delete marker's headers when a marker hides the key.</summary>
    private async Task<DialectException> MissingObjectAsync(string bucket, IObjectGrain grain)
    {
        if (await frontend.Bucket(bucket).Describe() is not { } info)
        {
            return MultipartError.NoSuchBucket.Error();
        }

        var error = MultipartError.NoSuchKey.Error();
        return info.Versioning != BucketVersioning.Unversioned && await grain.LatestDeleteMarker() is { } marker
            ? new DialectException(error.Error, error.Message) { ResponseHeaders = DeleteMarkerHeaders(marker) }
            : error;
    }

    internal async Task<OperationResult> DeleteObjectOrVersionAsync(DeleteObject delete)
    {
        await ExistingBucketAsync(delete.Bucket);

        // The store decides under the key's guard row, by the bucket row it reads there, whether this makes a delete marker.
        var result = await frontend.Object(delete.Bucket, delete.Key).DeleteVersion(delete.VersionId is { } v ? CheckedVersionId(v) : null);
        return delete.VersionId is null && result?.VersionId is null ? new Done(delete) : new ObjectVersionDeleted(delete, result);
    }

    internal async Task<OperationResult> ListObjectVersionsAsync(ListObjectVersions list)
    {
        var request = new ObjectVersionListingRequest(list.Request.Prefix, list.Request.Delimiter, list.Request.StartAfter, list.VersionIdMarker is { Length: > 0 } v ? v : null, list.Request.MaxKeys);
        return new ObjectVersionsListed(list, await frontend.Bucket(list.Bucket).ListObjectVersions(request));
    }

    /// <summary>S3's 400 InvalidArgument for a version ID no version could have.</summary>
    internal static string CheckedVersionId(string versionId) =>
        VersionIds.IsWellFormed(versionId) ? versionId : throw new DialectException(MultipartError.InvalidArgument, $"Invalid version id specified: '{versionId}'.");

    private static Dictionary<string, string> DeleteMarkerHeaders(DeleteMarkerInfo marker) => new(StringComparer.OrdinalIgnoreCase)
    {
        ["x-amz-delete-marker"] = "true",
        ["x-amz-version-id"] = marker.VersionId,
        ["Last-Modified"] = marker.LastModified.ToString("r", System.Globalization.CultureInfo.InvariantCulture),
    };
}
