using Orleans.Multipart.Gateway.Core;
using Orleans.Multipart.Storage;

namespace Orleans.Multipart.Tests.Unit;

/// <summary>A written blob is deleted when its request ends without a grain registering it, and kept once one did.</summary>
public sealed class PendingBlobTests
{
    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 0)]
    public void DisposeDeletesUnlessCommitted(bool commit, int deletes)
    {
        var store = new DeletionCountingStore();
        using (var pending = new PendingBlob(store, new StoredBlob("b1", 3, "00")))
        {
            if (commit)
            {
                pending.Commit();
            }
        }

        Assert.Equal(deletes, store.Deleted.Count(id => id == "b1"));
    }

    [Fact]
    public void DisposingTwiceDeletesOnce()
    {
        var store = new DeletionCountingStore();
        var pending = new PendingBlob(store, new StoredBlob("b2", 3, "00"));
        pending.Dispose();
        pending.Dispose();
        Assert.Equal(["b2"], store.Deleted);
    }

    private sealed class DeletionCountingStore : IBlobStore
    {
        public List<string> Deleted { get; } = [];

        public Task<BlobWriteResult> WriteAsync(Stream source, BlobWriteOptions options, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Stream OpenRead(string blobId, CustomerKey? customerKey = null) => throw new NotSupportedException();

        public void Delete(string blobId) => Deleted.Add(blobId);

        public IEnumerable<(string BlobId, DateTimeOffset LastWrite)> Enumerate() => [];
    }
}
