using System.Buffers;
using System.Security.Cryptography;
using Orleans.Multipart.Storage;

namespace Orleans.Multipart.Gateway.Core;

/// <summary>
/// What every dialect does between its wire format and the grains: store a body as a durable blob
/// (a <see cref="PendingBlob"/> until a grain registers it), and stream an object's parts back out.
/// Part bytes never travel through grain calls.
/// </summary>
public sealed class ObjectFrontend(IGrainFactory grains, IBlobStore blobs, Microsoft.Extensions.Options.IOptions<GatewayOptions> options)
{
    public IGrainFactory Grains => grains;

    public IObjectGrain Object(string bucket, string key) => grains.GetGrain<IObjectGrain>(ObjectKey.Format(bucket, key));

    public IUploadGrain Upload(string uploadId) => grains.GetGrain<IUploadGrain>(uploadId);

    public IBucketGrain Bucket(string bucket) => grains.GetGrain<IBucketGrain>(bucket);

    /// <summary>Streams <paramref name="body"/> into a durable blob, pending until registered; checks Content-MD5 when given. Throws <see cref="BadDigestException"/>, <see cref="BlobTooLargeException"/>, <see cref="IncompleteBodyException"/>.</summary>
    public async Task<PendingBlob> StoreAsync(Stream body, long? expectedLength, long maxLength, byte[]? contentMd5, IReadOnlyList<IncrementalHash>? extraHashes, CancellationToken cancellationToken, bool encrypt = false, CustomerKey? customerKey = null)
    {
        var written = await blobs.WriteAsync(new IdleTimeoutStream(body, options.Value.BodyIdleTimeout), new BlobWriteOptions(maxLength, expectedLength, extraHashes, encrypt, customerKey), cancellationToken);
        var pending = new PendingBlob(blobs, new StoredBlob(written.BlobId, written.Length, Convert.ToHexStringLower(written.Md5)));
        if (contentMd5 is not null && !CryptographicOperations.FixedTimeEquals(contentMd5, written.Md5))
        {
            await pending.DisposeAsync();
            throw new BadDigestException("The Content-MD5 you specified did not match what we received.");
        }

        return pending;
    }

    /// <summary>Registers a stored part (committing the pending blob once the upload took it).</summary>
    public async Task UploadPartAsync(string bucket, string key, string uploadId, int partNumber, PendingBlob pending, ChecksumValue? checksum = null)
    {
        var blob = pending.Blob;
        await Upload(uploadId).AddPart(bucket, key, new StoredPart(partNumber, blob.BlobId, blob.Size, blob.Md5Hex, checksum));
        pending.Commit();
    }

    /// <summary>Registers a stored blob as the key's object (committing the pending blob once the object took it).</summary>
    public async Task<ObjectManifest> PutAsync(string bucket, string key, PendingBlob pending, ObjectSettings settings, WriteConditions conditions, ChecksumValue? checksum = null)
    {
        var manifest = await Object(bucket, key).Put(pending.Blob with { Checksum = checksum }, settings, conditions);
        pending.Commit();
        return manifest;
    }

    /// <summary>Copies bytes [offset, offset+length) of the object to <paramref name="destination"/>, part by part; a customer-keyed (SSE-C) object needs its <paramref name="customerKey"/>.</summary>
    public async Task CopyRangeAsync(ObjectManifest manifest, long offset, long length, Stream destination, CancellationToken cancellationToken, CustomerKey? customerKey = null)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(256 * 1024);
        try
        {
            long partStart = 0;
            foreach (var part in manifest.Parts)
            {
                if (length <= 0)
                {
                    break;
                }

                var partEnd = partStart + part.Size;
                if (offset < partEnd)
                {
                    var within = offset - partStart;
                    var take = Math.Min(part.Size - within, length);
                    await using var stream = await blobs.OpenReadAsync(part.BlobId, within, take, customerKey, cancellationToken);
                    var remaining = take;
                    while (remaining > 0)
                    {
                        var read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), cancellationToken);
                        if (read == 0)
                        {
                            throw new IOException($"Blob {part.BlobId} is shorter than its recorded size.");
                        }

                        await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                        remaining -= read;
                    }

                    offset += take;
                    length -= take;
                }

                partStart = partEnd;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

public sealed class BadDigestException(string message) : Exception(message);
