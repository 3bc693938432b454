using Microsoft.Extensions.DependencyInjection;
using Orleans.Multipart.Storage;

namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>
/// CopyObject and UploadPartCopy. A copied object encrypted as its source is a new manifest naming the
/// source's blobs (<see cref="IObjectGrain.CopyFrom"/>); one encrypted otherwise (another customer key,
/// SSE-S3 to SSE-C, ...) is a byte copy into one new blob. A copied part names the source's blob when it is
/// one whole source part stored the way the upload stores its parts, and is a byte copy into a new blob
/// otherwise (a part is one blob). Customer keys (SSE-C) travel with the request only: checked against the
/// MD5 the object or upload recorded, handed to the blob store, never stored.
/// </summary>
internal sealed partial class OperationExecutor
{
    /// <summary>How often a zero-copy part is retried when its source changes under it before the bytes are copied instead.</summary>
    private const int SharedPartAttempts = 3;

    internal async Task<OperationResult> CopyObjectAsync(HttpContext context, CopyObject copy)
    {
        var keys = copy.Encryption ?? CopyEncryption.None;
        var source = await SourceManifestAsync(copy.Source);
        CustomerKeyRule.CopySource.Check(source.Settings, keys.SourceKey);
        var (encrypt, destinationKey) = await CopyDestinationEncryptionAsync(copy.Bucket, keys, source.Settings);
        var wanted = new ObjectSettings { Encrypted = encrypt, CustomerAlgorithm = destinationKey is null ? null : DefaultEncryption.Aes256, CustomerKeyMd5 = destinationKey?.Md5 };
        if (StoredAlike(source.Settings, wanted))
        {
            // Encrypted as the source is: the copy names the source's blobs, inside one transaction that
            // checks the source is still encrypted as it was when its key was checked.
            var shared = copy.Source with { SharedEncryption = source.Settings };
            return new ObjectCopied(copy, await frontend.Object(copy.Bucket, copy.Key).CopyFrom(shared, copy.Conditions));
        }

        // Encrypted otherwise: the bytes are read with the source's key and written with the destination's,
        // one new blob, registered as a PutObject registers its body.
        copy.Source.Check(source.ETag, source.LastModified);
        var settings = (copy.Source.ReplaceSettings ?? source.Settings) with
        {
            Encrypted = wanted.Encrypted,
            CustomerAlgorithm = wanted.CustomerAlgorithm,
            CustomerKeyMd5 = wanted.CustomerKeyMd5,

            // The new object is one blob: the source's part checksums and their combination do not describe it.
            ChecksumAlgorithm = null,
            ChecksumType = null,
        };
        settings = settings with
        {
            StorageClass = copy.Source.StorageClass ?? settings.StorageClass,

            // Tags follow the tagging directive, as in the shared copy (ObjectGrain.CopyFrom).
            Tags = copy.Source.ReplaceTags ? copy.Source.Tags : source.Settings.Tags,
        };
        await using var body = await CopyBytesAsync(context, source, 0, source.Size, _gateway.MaxObjectSize, keys.SourceKey, encrypt, destinationKey, null);
        return new ObjectCopied(copy, await frontend.PutAsync(copy.Bucket, copy.Key, body, settings, copy.Conditions));
    }

    /// <summary>
    /// The copy's encryption: as asked (SSE-C or SSE-S3); asked nothing, as the destination bucket's default
    /// says, and an SSE-S3 source stays SSE-S3 (a copy never quietly stores plaintext of an encrypted object).
    /// </summary>
    private async Task<(bool Encrypt, CustomerKey? Key)> CopyDestinationEncryptionAsync(string bucket, CopyEncryption keys, ObjectSettings source)
    {
        if (keys.DestinationKey is { } key)
        {
            return (false, key);
        }

        if (keys.DestinationServiceKey || source.Encrypted)
        {
            return (true, null);
        }

        return ((await WithBucketDefaultAsync(bucket, new ObjectSettings(), null)).Encrypted, null);
    }

    internal async Task<OperationResult> UploadPartCopyAsync(HttpContext context, UploadPartCopy copy)
    {
        var grain = frontend.Upload(copy.UploadId);
        var upload = await grain.Describe(copy.Bucket, copy.Key);
        CustomerKeyRule.Part.Check(upload.Settings, copy.CustomerKey);
        for (var attempt = 1; ; attempt++)
        {
            var source = await SourceManifestAsync(copy.Source);
            CustomerKeyRule.CopySource.Check(source.Settings, copy.SourceKey);
            copy.Source.Check(source.ETag, source.LastModified);
            var (start, length) = Resolve(copy.Range, source.Size);
            if (length > _gateway.MaxPartSize)
            {
                throw new DialectException(MultipartError.InvalidRequest, $"The specified copy source is larger than the maximum allowable size for a part: {_gateway.MaxPartSize}.");
            }

            // An upload that declared a checksum algorithm needs every part's checksum in it (Complete combines
            // them): a shared part brings the source part's when it has one of that algorithm, a byte copy computes it.
            var algorithm = upload.Settings.ChecksumAlgorithm;
            // A part copied from a named version is a byte copy: the store vouches for a shared blob by the source's current object only.
            if (attempt < SharedPartAttempts && copy.Source.VersionId is null && WholePart(source, start, length) is { } part && StoredAlike(source.Settings, upload.Settings)
                && (algorithm is null || part.Checksum?.Algorithm == algorithm))
            {
                // The store checks, under the source key's guard row, that the source still names the blob;
                // false means it was deleted or replaced since it was read: read it again.
                var checksum = algorithm is null ? null : part.Checksum;
                var shared = new StoredPart(copy.PartNumber, part.BlobId, part.Size, part.ETag, checksum);
                if (await grain.AddCopiedPart(copy.Bucket, copy.Key, shared, copy.Source.Bucket, copy.Source.Key))
                {
                    return new PartCopied(copy, part.ETag, DateTimeOffset.UtcNow, SharedBlob: true, checksum, upload.Settings);
                }

                continue;
            }

            var computed = algorithm is { } declared ? BodyChecksum.For(declared) : null;
            await using var body = await CopyBytesAsync(context, source, start, length, _gateway.MaxPartSize, copy.SourceKey, upload.Settings.Encrypted, copy.CustomerKey, computed);
            await frontend.UploadPartAsync(copy.Bucket, copy.Key, copy.UploadId, copy.PartNumber, body, computed?.Value);
            return new PartCopied(copy, body.Blob.Md5Hex, DateTimeOffset.UtcNow, SharedBlob: false, computed?.Value, upload.Settings);
        }
    }

    private async Task<ObjectManifest> SourceManifestAsync(CopySource source)
    {
        if (source.VersionId is { } versionId)
        {
            return await frontend.Object(source.Bucket, source.Key).GetVersion(versionId) switch
            {
                { Manifest: { } manifest } => manifest,
                { DeleteMarker: not null } => throw new DialectException(MultipartError.InvalidRequest, "The source of a copy request may not specifically refer to a delete marker by version id."),
                _ => throw (await frontend.Bucket(source.Bucket).Describe() is null ? MultipartError.NoSuchBucket.Error() : new DialectException(MultipartError.NoSuchVersion, "The specified version does not exist.")),
            };
        }

        return await frontend.Object(source.Bucket, source.Key).Get()
            ?? throw (await frontend.Bucket(source.Bucket).Describe() is null
                ? MultipartError.NoSuchBucket.Error()
                : MultipartError.NoSuchKey.Error());
    }

    /// <summary>The bytes the copy takes: the whole source, or the range, which must lie within it.</summary>
    private static (long Start, long Length) Resolve(CopyRange? range, long size)
    {
        if (range is not { } r)
        {
            return (0, size);
        }

        return r.Last < size
            ? (r.First, r.Length)
            : throw new DialectException(MultipartError.InvalidRange, $"The x-amz-copy-source-range {r.First}-{r.Last} is not within the source object's {size} bytes.");
    }

    /// <summary>The source part that is exactly bytes [start, start+length), or null when the bytes are not one whole part.</summary>
    private static PartInfo? WholePart(ObjectManifest source, long start, long length)
    {
        long offset = 0;
        foreach (var part in source.Parts)
        {
            if (offset == start && part.Size == length)
            {
                return part;
            }

            offset += part.Size;
            if (offset > start)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>
    /// Whether the source's blobs are stored as the destination (an upload's parts, a copied object) stores
    /// its own, so that it may name them: encryption at rest with the service key on or off, and the same
    /// customer key (SSE-C) or none. A new way of storing blobs must say here when blobs stored its way can be shared.
    /// </summary>
    private static bool StoredAlike(ObjectSettings source, ObjectSettings destination) =>
        source.Encrypted == destination.Encrypted && source.CustomerKeyMd5 == destination.CustomerKeyMd5;

    /// <summary>Bytes [start, start+length) of the source, read with its customer key when it has one, stored as a new blob encrypted as the destination asks.</summary>
    private async Task<PendingBlob> CopyBytesAsync(HttpContext context, ObjectManifest source, long start, long length, long maxLength, CustomerKey? sourceKey, bool encrypt, CustomerKey? destinationKey, BodyChecksum? checksum)
    {
        var blobs = context.RequestServices.GetRequiredService<IBlobStore>();
        await using var range = new ManifestRangeStream(blobs, source, start, length, sourceKey);
        Stream bytes = checksum is null ? range : new ChecksummingStream(range, checksum);
        try
        {
            return await frontend.StoreAsync(bytes, length, maxLength, null, null, context.RequestAborted, encrypt, destinationKey);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            // The source was deleted and collected between reading its manifest and opening a blob.
            throw MultipartError.NoSuchKey.Error();
        }
    }
}
