using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using Orleans.Multipart.Storage;

namespace Orleans.Multipart.Gateway.Core;

/// <summary>
/// What every dialect does between its wire format and the grains: store a body as a durable blob
/// (a <see cref="PendingBlob"/> until a grain registers it), and stream an object's parts back out.
/// Part bytes never travel through grain calls.
/// </summary>
internal sealed class ObjectFrontend(IGrainFactory grains, IBlobStore blobs, Microsoft.Extensions.Options.IOptions<GatewayOptions> options)
{
    private const int MaxKeptBuckets = 4096;
    private readonly ConcurrentDictionary<string, IBucketGrain> _buckets = new(StringComparer.Ordinal);
    private IUploadInitiatorGrain? _initiator; // resolved at first use: a standalone gateway's client learns the grain types when it connects

    public IGrainFactory Grains => grains;

    public IObjectGrain Object(string bucket, string key) => grains.GetGrain<IObjectGrain>(ObjectKey.Format(bucket, key));

    public IUploadGrain Upload(string uploadId) => grains.GetGrain<IUploadGrain>(uploadId);

    /// <summary>
    /// The bucket's grain, its reference kept: <see cref="IGrainFactory.GetGrain{TGrainInterface}(string, string?)"/>
    /// resolves the interface's grain type through its attributes on every call, 4-5 % of an initiate's
    /// CPU (issue 20's profile). Bounded: emptied at <see cref="MaxKeptBuckets"/> names.
    /// </summary>
    public IBucketGrain Bucket(string bucket)
    {
        if (_buckets.TryGetValue(bucket, out var grain))
        {
            return grain;
        }

        if (_buckets.Count >= MaxKeptBuckets)
        {
            _buckets.Clear();
        }

        return _buckets[bucket] = grains.GetGrain<IBucketGrain>(bucket);
    }

    /// <summary>The buckets' lifecycle rules, briefly kept, for the headers that name the rule expiring an object or aborting an upload (Features/Lifecycle).</summary>
    public LifecycleRuleCache LifecycleRules => _lifecycleRules ??= new LifecycleRuleCache(this);

    private LifecycleRuleCache? _lifecycleRules;

    /// <summary>Initiate's grain: a stateless worker on the silo that receives the call (no object grain activated per upload).</summary>
    public IUploadInitiatorGrain Initiator() => _initiator ??= grains.GetGrain<IUploadInitiatorGrain>(0);

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

    /// <summary>Read size of a GET: large enough that syscalls and flushes are few, small enough that two per response stay cheap.</summary>
    private const int CopyChunk = 1024 * 1024;

    /// <summary>
    /// Copies bytes [offset, offset+length) of the object to <paramref name="destination"/>; a customer-keyed
    /// (SSE-C) object needs its <paramref name="customerKey"/>. Double-buffered: the next chunk is read (and
    /// the next part opened, <see cref="PartSequenceReader"/>) while the current one is written, from two
    /// pooled buffers, so disk and socket work at once.
    /// </summary>
    public async Task CopyRangeAsync(ObjectManifest manifest, long offset, long length, Stream destination, CancellationToken cancellationToken, CustomerKey? customerKey = null)
    {
        var chunk = (int)Math.Min(CopyChunk, Math.Max(length, 1));
        byte[][] buffers = [ArrayPool<byte>.Shared.Rent(chunk), ArrayPool<byte>.Shared.Rent(chunk)];
        try
        {
            await using var reader = new PartSequenceReader(blobs, manifest, offset, length, customerKey);
            var current = 0;
            var filled = await reader.ReadAsync(buffers[current].AsMemory(0, chunk), cancellationToken);
            while (filled > 0)
            {
                var writing = destination.WriteAsync(buffers[current].AsMemory(0, filled), cancellationToken);
                var reading = reader.ReadAsync(buffers[1 - current].AsMemory(0, chunk), cancellationToken);
                try
                {
                    await writing;
                }
                catch
                {
                    // The read in flight uses the other buffer and the reader: it ends before either is released.
                    await ObserveAsync(reading);
                    throw;
                }

                filled = await reading;
                current = 1 - current;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffers[0]);
            ArrayPool<byte>.Shared.Return(buffers[1]);
        }
    }

    private static async ValueTask ObserveAsync(ValueTask<int> reading)
    {
        try
        {
            await reading;
        }
        catch (Exception)
        {
            // The write's failure is the one reported.
        }
    }
}

internal sealed class BadDigestException(string message) : Exception(message);
