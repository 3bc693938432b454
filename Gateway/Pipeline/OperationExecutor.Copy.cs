using Microsoft.Extensions.DependencyInjection;
using Orleans.Multipart.Storage;

namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>
/// CopyObject and UploadPartCopy. A copied object is a new manifest naming the source's blobs
/// (<see cref="IObjectGrain.CopyFrom"/>); a copied part names the source's blob when it is one whole
/// source part stored the way the upload stores its parts, and is a byte copy into a new blob otherwise
/// (a part is one blob).
/// </summary>
public sealed partial class OperationExecutor
{
    /// <summary>How often a zero-copy part is retried when its source changes under it before the bytes are copied instead.</summary>
    private const int SharedPartAttempts = 3;

    private async Task<OperationResult> CopyObjectAsync(CopyObject copy)
    {
        RefuseCustomerKeyed((await SourceManifestAsync(copy.Source)).Settings);
        return new ObjectCopied(copy, await frontend.Object(copy.Bucket, copy.Key).CopyFrom(copy.Source, copy.Conditions));
    }

    /// <summary>An SSE-C object is read only with its key; copies that would take the key (x-amz-copy-source-server-side-encryption-customer-*) are not served.</summary>
    private static void RefuseCustomerKeyed(ObjectSettings settings)
    {
        if (settings.CustomerKeyMd5 is not null)
        {
            throw new DialectException(WireError.NotImplemented, "Copying to or from an object or upload encrypted with a customer key (SSE-C) is not implemented.");
        }
    }

    private async Task<OperationResult> UploadPartCopyAsync(HttpContext context, UploadPartCopy copy)
    {
        var grain = frontend.Upload(copy.UploadId);
        var upload = await grain.Describe(copy.Bucket, copy.Key);
        RefuseCustomerKeyed(upload.Settings);
        for (var attempt = 1; ; attempt++)
        {
            var source = await SourceManifestAsync(copy.Source);
            RefuseCustomerKeyed(source.Settings);
            copy.Source.Check(source.ETag, source.LastModified);
            var (start, length) = Resolve(copy.Range, source.Size);
            if (length > _gateway.MaxPartSize)
            {
                throw new DialectException(WireError.InvalidRequest, $"The specified copy source is larger than the maximum allowable size for a part: {_gateway.MaxPartSize}.");
            }

            // An upload that declared a checksum algorithm needs every part's checksum in it (Complete combines
            // them): a shared part brings the source part's when it has one of that algorithm, a byte copy computes it.
            var algorithm = upload.Settings.ChecksumAlgorithm;
            if (attempt < SharedPartAttempts && WholePart(source, start, length) is { } part && StoredAlike(source.Settings, upload.Settings)
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
            using var body = await CopyBytesAsync(context, source, start, length, upload.Settings.Encrypted, computed);
            await frontend.UploadPartAsync(copy.Bucket, copy.Key, copy.UploadId, copy.PartNumber, body, computed?.Value);
            return new PartCopied(copy, body.Blob.Md5Hex, DateTimeOffset.UtcNow, SharedBlob: false, computed?.Value, upload.Settings);
        }
    }

    private async Task<ObjectManifest> SourceManifestAsync(CopySource source) =>
        await frontend.Object(source.Bucket, source.Key).Get()
            ?? throw (await frontend.Bucket(source.Bucket).Describe() is null
                ? new DialectException(WireError.NoSuchBucket, "The specified bucket does not exist")
                : new DialectException(WireError.NoSuchKey, "The specified key does not exist."));

    /// <summary>The bytes the copy takes: the whole source, or the range, which must lie within it.</summary>
    private static (long Start, long Length) Resolve(CopyRange? range, long size)
    {
        if (range is not { } r)
        {
            return (0, size);
        }

        return r.Last < size
            ? (r.First, r.Length)
            : throw new DialectException(WireError.InvalidRange, $"The x-amz-copy-source-range {r.First}-{r.Last} is not within the source object's {size} bytes.");
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
    /// Whether the source's blobs are stored as the upload stores its parts, so that a part may name one:
    /// today encryption at rest on or off. A new way of storing blobs (another key, a customer key) must
    /// say here when blobs stored its way can be shared.
    /// </summary>
    private static bool StoredAlike(ObjectSettings source, ObjectSettings upload) => source.Encrypted == upload.Encrypted;

    private async Task<PendingBlob> CopyBytesAsync(HttpContext context, ObjectManifest source, long start, long length, bool encrypt, BodyChecksum? checksum)
    {
        var blobs = context.RequestServices.GetRequiredService<IBlobStore>();
        await using var range = new ManifestRangeStream(blobs, source, start, length);
        Stream bytes = checksum is null ? range : new ChecksummingStream(range, checksum);
        try
        {
            return await frontend.StoreAsync(bytes, length, _gateway.MaxPartSize, null, null, context.RequestAborted, encrypt);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            // The source was deleted and collected between reading its manifest and opening a blob.
            throw new DialectException(WireError.NoSuchKey, "The specified key does not exist.");
        }
    }
}
