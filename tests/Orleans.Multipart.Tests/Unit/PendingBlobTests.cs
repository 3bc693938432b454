using Orleans.Multipart.Gateway.Core;
using Orleans.Multipart.Storage;

namespace Orleans.Multipart.Tests.Unit;

/// <summary>A written blob is deleted when its request ends without a grain registering it, and kept once one did.</summary>
public sealed class PendingBlobTests
{
    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 0)]
    public async Task DisposeDeletesUnlessCommitted(bool commit, int deletes)
    {
        var store = new DeletionCountingStore();
        await using (var pending = new PendingBlob(store, new StoredBlob("b1", 3, "00")))
        {
            if (commit)
            {
                pending.Commit();
            }
        }

        Assert.Equal(deletes, store.Deleted.Count(id => id == "b1"));
    }

    [Fact]
    public async Task DisposingTwiceDeletesOnce()
    {
        var store = new DeletionCountingStore();
        var pending = new PendingBlob(store, new StoredBlob("b2", 3, "00"));
        await pending.DisposeAsync();
        await pending.DisposeAsync();
        Assert.Equal(["b2"], store.Deleted);
    }

    private sealed class DeletionCountingStore : IBlobStore
    {
        public List<string> Deleted { get; } = [];

        public Task<BlobWriteResult> WriteAsync(Stream source, BlobWriteOptions options, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<Stream> OpenReadAsync(string blobId, long offset, long length, CustomerKey? customerKey, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask DeleteAsync(IReadOnlyCollection<string> blobIds, CancellationToken cancellationToken)
        {
            Deleted.AddRange(blobIds);
            return ValueTask.CompletedTask;
        }

        public IAsyncEnumerable<(string BlobId, DateTimeOffset LastWrite)> EnumerateAsync(CancellationToken cancellationToken) => AsyncEnumerable.Empty<(string, DateTimeOffset)>();
    }
}
