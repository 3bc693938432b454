using System.Security.Cryptography;
using Orleans.Multipart.Storage;
using Orleans.Multipart.Storage.Blobs;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.Rgw;

/// <summary>The S3 blob store against the real Ceph RGW: what it writes is there, under the prefix, and reads back exactly.</summary>
[Collection(RgwCollection.Name)]
public sealed class S3BlobStoreTests
{
    private const int MiB = 1024 * 1024;

    internal static Task<(S3BlobStore Store, string Bucket)> NewStoreAsync(long threshold = 64 * MiB) =>
        RgwBlobStore.OnNewBucketAsync(options =>
        {
            options.MultipartThreshold = threshold;
            options.MultipartPartSize = 5 * MiB;
        });

    /// <summary>Streamed PutObject (known length under the threshold), a backend multipart upload (threshold 0, 12 MiB in 5 MiB parts), unknown length; plain, encrypted, customer-keyed.</summary>
    [Theory]
    [InlineData(1000, 64 * MiB, true, false, false)]
    [InlineData(12 * MiB + 7, 0, true, false, false)]
    [InlineData(3 * MiB, 64 * MiB, false, false, false)]
    [InlineData(12 * MiB + 7, 0, false, true, false)]
    [InlineData(2 * MiB + 3, 64 * MiB, true, true, false)]
    [InlineData(2 * MiB + 3, 64 * MiB, true, false, true)]
    [InlineData(11 * MiB, 0, true, false, true)]
    [InlineData(0, 64 * MiB, true, false, false)]
    public async Task WrittenBlobIsOneBackendObjectAndReadsBackByRange(int size, long threshold, bool lengthKnown, bool encrypt, bool customerKeyed)
    {
        var (store, bucket) = await NewStoreAsync(threshold);
        using var _ = store;
        var data = RandomNumberGenerator.GetBytes(size);
        var key = customerKeyed ? CustomerKey.FromBytes(RandomNumberGenerator.GetBytes(32)) : null;
        var written = await store.WriteAsync(new MemoryStream(data), new BlobWriteOptions(long.MaxValue, lengthKnown ? size : null, null, encrypt, key), CancellationToken.None);

        Assert.Equal(size, written.Length);
        Assert.Equal(MD5.HashData(data), written.Md5);
        var objects = await TestRgw.ListAsync(bucket);
        Assert.Equal(["blobs/" + written.BlobId], objects.Select(o => o.Key));
        var raw = await TestRgw.ReadRawAsync(bucket, "blobs/" + written.BlobId);
        Assert.Equal(size, raw.Length);
        Assert.Equal(!encrypt && !customerKeyed || size == 0, raw.AsSpan().SequenceEqual(data));

        foreach (var (offset, length) in new[] { (0L, (long)size), (size / 3L, size / 2L), (Math.Max(0, size - 5L), Math.Min(5L, size)) })
        {
            await using var read = await store.OpenReadAsync(written.BlobId, offset, length, key, CancellationToken.None);
            var buffer = new MemoryStream();
            await read.CopyToAsync(buffer);
            Assert.Equal(data.AsSpan((int)offset, (int)length).ToArray(), buffer.ToArray());
        }

        if (customerKeyed)
        {
            await Assert.ThrowsAsync<CustomerKeyMismatchException>(async () => await store.OpenReadAsync(written.BlobId, 0, size, CustomerKey.FromBytes(RandomNumberGenerator.GetBytes(32)), CancellationToken.None));
            await Assert.ThrowsAsync<CustomerKeyRequiredException>(async () => await store.OpenReadAsync(written.BlobId, 0, size, null, CancellationToken.None));
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ShortOrOversizedBodyLeavesNothingInTheBucket(bool shortBody)
    {
        var (store, bucket) = await NewStoreAsync();
        using var _ = store;
        var data = RandomNumberGenerator.GetBytes(MiB);
        var options = shortBody ? new BlobWriteOptions(long.MaxValue, MiB + 10) : new BlobWriteOptions(MiB - 1);
        await Assert.ThrowsAnyAsync<Exception>(() => store.WriteAsync(new MemoryStream(data), options, CancellationToken.None));
        var thrown = await Record.ExceptionAsync(() => store.WriteAsync(new MemoryStream(data), options, CancellationToken.None));
        Assert.IsType(shortBody ? typeof(IncompleteBodyException) : typeof(BlobTooLargeException), thrown);
        Assert.Empty(await TestRgw.ListAsync(bucket));
    }

    [Fact]
    public async Task DeleteRemovesInBatchesAndEnumerateListsEveryBlob()
    {
        var (store, bucket) = await NewStoreAsync();
        using var _ = store;
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await store.WriteAsync(new MemoryStream(new byte[10 + i]), new BlobWriteOptions(100, 10 + i), CancellationToken.None)).BlobId);
        }

        var listed = await store.EnumerateAsync(CancellationToken.None).Select(b => b.BlobId).ToListAsync();
        Assert.Equal(ids.Order(), listed.Order());

        await store.DeleteAsync([ids[0], ids[1], ids[2]], CancellationToken.None);
        await store.DeleteAsync([ids[0]], CancellationToken.None); // already gone: no error
        Assert.Equal(ids[3..].Select(id => "blobs/" + id).Order(), (await TestRgw.ListAsync(bucket)).Select(o => o.Key).Order());
        await Assert.ThrowsAsync<FileNotFoundException>(async () => await store.OpenReadAsync(ids[0], 0, 10, null, CancellationToken.None));
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RgwCollection
{
    public const string Name = "Ceph RGW (one at a time: the outage test stops it)";
}
