using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Orleans.Multipart.Storage.Blobs;
using Orleans.Multipart.Storage;

namespace Orleans.Multipart.Tests.Storage;

public sealed class LocalBlobStoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "omp-blobs-" + Guid.NewGuid().ToString("N"));
    private readonly LocalBlobStore _store;

    public LocalBlobStoreTests() => _store = new LocalBlobStore(Options.Create(new BlobStoreOptions { Path = Path.Combine(_root, "blobs") }));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task PlainBlobsReadBackWhateverTheirIdEndsWith()
    {
        // 64 blobs: IDs end in every hex digit, including 'e', with overwhelming probability.
        var endings = new HashSet<char>();
        for (var i = 0; i < 64; i++)
        {
            var data = RandomNumberGenerator.GetBytes(100 + i);
            var written = await _store.WriteAsync(new MemoryStream(data), new BlobWriteOptions(1 << 20, data.Length), default);
            Assert.Equal(MD5.HashData(data), written.Md5);
            endings.Add(written.BlobId[^1]);
            await using var read = _store.OpenRead(written.BlobId);
            var copy = new MemoryStream();
            await read.CopyToAsync(copy);
            Assert.Equal(data, copy.ToArray());
        }

        Assert.True(endings.Count > 8);
    }

    [Fact]
    public async Task EncryptedBlobsAreUnreadableOnDiskAndSeekableWhenRead()
    {
        var data = RandomNumberGenerator.GetBytes(300_001);
        var written = await _store.WriteAsync(new MemoryStream(data), new BlobWriteOptions(1 << 20, data.Length, Encrypt: true), default);
        Assert.Equal(MD5.HashData(data), written.Md5); // ETags are of the plaintext
        var onDisk = File.ReadAllBytes(Directory.EnumerateFiles(Path.Combine(_root, "blobs"), written.BlobId, SearchOption.AllDirectories).Single());
        Assert.Equal(data.Length + 16, onDisk.Length);
        Assert.Equal(-1, onDisk.AsSpan().IndexOf(data.AsSpan(1000, 64)));

        foreach (var offset in new[] { 0, 1, 15, 16, 17, 65_535, 299_999 })
        {
            await using var read = _store.OpenRead(written.BlobId);
            read.Seek(offset, SeekOrigin.Begin);
            var buffer = new byte[Math.Min(5000, data.Length - offset)];
            await read.ReadExactlyAsync(buffer);
            Assert.Equal(data.AsSpan(offset, buffer.Length).ToArray(), buffer);
        }
    }

    /// <summary>Silos sharing a volume race to create the encryption key: all end up with one key and read each other's blobs.</summary>
    [Fact]
    public async Task StoresRacingToCreateTheKeyAgreeOnOne()
    {
        var shared = Path.Combine(_root, "shared");
        var stores = Enumerable.Range(0, 32).Select(_ => new LocalBlobStore(Options.Create(new BlobStoreOptions { Path = Path.Combine(shared, "blobs") }))).ToList();
        var data = RandomNumberGenerator.GetBytes(1000);
        using var start = new Barrier(stores.Count);
        var written = await Task.WhenAll(stores.Select(store => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                return store.WriteAsync(new MemoryStream(data), new BlobWriteOptions(1 << 20, data.Length, Encrypt: true), default).GetAwaiter().GetResult();
            },
            TaskCreationOptions.LongRunning)));

        foreach (var store in stores)
        {
            foreach (var blob in written)
            {
                await using var read = store.OpenRead(blob.BlobId);
                var copy = new MemoryStream();
                await read.CopyToAsync(copy);
                Assert.Equal(data, copy.ToArray());
            }
        }

        Assert.Equal(["blob-encryption.key"], Directory.EnumerateFiles(shared).Select(Path.GetFileName));
    }

    [Fact]
    public async Task ShortBodyAndOversizedBodyLeaveNoFile()
    {
        await Assert.ThrowsAsync<IncompleteBodyException>(() => _store.WriteAsync(new MemoryStream(new byte[10]), new BlobWriteOptions(100, 20), default));
        await Assert.ThrowsAsync<BlobTooLargeException>(() => _store.WriteAsync(new MemoryStream(new byte[200]), new BlobWriteOptions(100), default));
        Assert.Empty(_store.Enumerate());
        Assert.Throws<ArgumentException>(() => _store.OpenRead("../../etc/passwd"));
    }

    [Fact]
    public async Task CustomerKeyedBlobsReadOnlyWithTheirKey()
    {
        var data = RandomNumberGenerator.GetBytes(70_000);
        var key = CustomerKey.FromBytes(RandomNumberGenerator.GetBytes(32));
        var written = await _store.WriteAsync(new MemoryStream(data), new BlobWriteOptions(1 << 20, data.Length, CustomerKey: key), default);
        Assert.Equal(MD5.HashData(data), written.Md5);
        var onDisk = File.ReadAllBytes(Directory.EnumerateFiles(Path.Combine(_root, "blobs"), written.BlobId, SearchOption.AllDirectories).Single());
        Assert.Equal(-1, onDisk.AsSpan().IndexOf(data.AsSpan(1000, 64)));
        Assert.Equal(-1, onDisk.AsSpan().IndexOf(key.Bytes)); // the key is never stored

        Assert.Throws<CustomerKeyRequiredException>(() => _store.OpenRead(written.BlobId));
        var other = CustomerKey.FromBytes(RandomNumberGenerator.GetBytes(32));
        var mismatch = Assert.Throws<CustomerKeyMismatchException>(() => _store.OpenRead(written.BlobId, other));
        Assert.DoesNotContain(Convert.ToBase64String(other.Bytes), mismatch.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(other.Bytes), other.ToString(), StringComparison.Ordinal);

        await using var read = _store.OpenRead(written.BlobId, key);
        read.Seek(12_345, SeekOrigin.Begin);
        var buffer = new byte[1000];
        await read.ReadExactlyAsync(buffer);
        Assert.Equal(data.AsSpan(12_345, 1000).ToArray(), buffer);
        Assert.Equal(data.Length, read.Length);

        // The service's key and a customer key are never both asked for.
        await Assert.ThrowsAsync<ArgumentException>(() => _store.WriteAsync(new MemoryStream(data), new BlobWriteOptions(1 << 20, data.Length, Encrypt: true, CustomerKey: key), default));
    }
}
