using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Multipart.Grains;
using Orleans.Multipart.Silo.Storage.Blobs;
using Orleans.Multipart.Silo.Storage.Sql;
using Orleans.Multipart.Storage;
using Orleans.Multipart.Storage.Blobs;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.Storage;

/// <summary>
/// Two silos' collectors, each with several batches in flight, on one database and one blob directory (real files):
/// every garbage blob is deleted by exactly one of them, none is left on disk or on the list, and a blob store that
/// fails leaves the list for the next run. Run against SQLite and PostgreSQL.
/// </summary>
public abstract class BlobCollectorConcurrencyTests : MetadataStoreTestBase, IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "omp-collector-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private LocalBlobStore Files() => new(Options.Create(new BlobStoreOptions { Path = _root, Fsync = false }));

    /// <summary>Blob files made garbage a day ago (as a deleted object's parts leave them); returns their IDs.</summary>
    private async Task<List<string>> GarbageFilesAsync(int count)
    {
        var files = Files();
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            ids.Add((await files.WriteAsync(new MemoryStream([1]), new BlobWriteOptions(MaxLength: 1024), default)).BlobId);
        }

        var since = DateTimeOffset.UtcNow.AddDays(-1).ToUnixTimeMilliseconds();
        await Database.WriteAsync((c, t) => c.ExecuteAsync("INSERT INTO garbage (blob_id, since_ms) VALUES (@id, @since)", ids.Select(id => new { id, since }), t));
        return ids;
    }

    private BlobCollector Collector(IBlobStore blobs, int parallelBatches) => new(
        Store,
        blobs,
        Options.Create(new BlobCollectorOptions { BatchSize = 20, ParallelBatches = parallelBatches, GarbageGracePeriod = TimeSpan.FromMinutes(10) }),
        TimeProvider.System,
        new MultipartMetrics(new PlainMeterFactory()),
        NullLogger<BlobCollector>.Instance);

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public async Task TwoSilosCollectorsDeleteEveryGarbageBlobExactlyOnce(int parallelBatches)
    {
        var ids = await GarbageFilesAsync(400);
        var deletions = new ConcurrentDictionary<string, int>();
        var files = Files();
        var first = Collector(new RecordingBlobStore(files, deletions), parallelBatches);
        var second = Collector(new RecordingBlobStore(files, deletions), parallelBatches);

        var collected = await Task.WhenAll(Task.Run(() => first.CollectGarbageAsync(default)), Task.Run(() => second.CollectGarbageAsync(default)));

        Assert.Equal(ids.Count, collected.Sum());
        Assert.Equal(ids.Order(), deletions.Keys.Order());
        Assert.All(deletions, d => Assert.Equal(1, d.Value));
        Assert.Empty(files.Enumerate());
        Assert.Empty(await Store.ReadGarbageAsync(DateTimeOffset.UtcNow, 1000));
    }

    [Fact]
    public async Task ABlobStoreThatFailsLeavesTheGarbageListedForTheNextRun()
    {
        var ids = await GarbageFilesAsync(50);
        var files = Files();

        await Assert.ThrowsAsync<IOException>(() => Collector(new FailingBlobStore(files), 4).CollectGarbageAsync(default));

        Assert.Equal(ids.Order(), (await Store.ReadGarbageAsync(DateTimeOffset.UtcNow, 1000)).Order());
        Assert.Equal(ids.Count, files.Enumerate().Count());
        Assert.Equal(ids.Count, await Collector(files, 4).CollectGarbageAsync(default));
        Assert.Empty(files.Enumerate());
        Assert.Empty(await Store.ReadGarbageAsync(DateTimeOffset.UtcNow, 1000));
    }

    /// <summary>The local store, counting each blob it is asked to delete; it yields first, so that collectors interleave.</summary>
    private sealed class RecordingBlobStore(LocalBlobStore inner, ConcurrentDictionary<string, int> deletions) : ForwardingBlobStore(inner)
    {
        public override async ValueTask DeleteAsync(IReadOnlyCollection<string> blobIds, CancellationToken cancellationToken)
        {
            await Task.Delay(5, cancellationToken);
            foreach (var id in blobIds)
            {
                deletions.AddOrUpdate(id, 1, (_, n) => n + 1);
            }

            await base.DeleteAsync(blobIds, cancellationToken);
        }
    }

    /// <summary>A backend that is down: every delete fails.</summary>
    private sealed class FailingBlobStore(LocalBlobStore inner) : ForwardingBlobStore(inner)
    {
        public override ValueTask DeleteAsync(IReadOnlyCollection<string> blobIds, CancellationToken cancellationToken) =>
            ValueTask.FromException(new IOException("the blob store is unavailable"));
    }

    private abstract class ForwardingBlobStore(LocalBlobStore inner) : IBlobStore
    {
        public Task<BlobWriteResult> WriteAsync(Stream source, BlobWriteOptions options, CancellationToken cancellationToken) => inner.WriteAsync(source, options, cancellationToken);

        public ValueTask<Stream> OpenReadAsync(string blobId, long offset, long length, CustomerKey? customerKey, CancellationToken cancellationToken) =>
            inner.OpenReadAsync(blobId, offset, length, customerKey, cancellationToken);

        public virtual ValueTask DeleteAsync(IReadOnlyCollection<string> blobIds, CancellationToken cancellationToken) => inner.DeleteAsync(blobIds, cancellationToken);

        public IAsyncEnumerable<(string BlobId, DateTimeOffset LastWrite)> EnumerateAsync(CancellationToken cancellationToken) => inner.EnumerateAsync(cancellationToken);
    }

    private sealed class PlainMeterFactory : IMeterFactory
    {
        public Meter Create(MeterOptions options) => new(options);

        public void Dispose()
        {
        }
    }
}

public sealed class SqliteBlobCollectorConcurrencyTests : BlobCollectorConcurrencyTests
{
    protected override ISqlDialect CreateDialect() => new SqliteDialect(ScratchSqlitePath("omp-collector-"));
}

public sealed class PostgresBlobCollectorConcurrencyTests : BlobCollectorConcurrencyTests
{
    protected override ISqlDialect CreateDialect() => new PostgresDialect(TestPostgres.CreateDatabase());
}
