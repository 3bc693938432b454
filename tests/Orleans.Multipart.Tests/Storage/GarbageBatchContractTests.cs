using Dapper;
using Orleans.Multipart.Silo.Storage.Sql;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.Storage;

/// <summary>
/// The collector's batch (<see cref="Grains.Storage.IMetadataStore.CollectGarbageBatchAsync"/>): it hands over only entries
/// past the cutoff, oldest first, forgets exactly what it handed over, keeps everything when the blob deletion fails, and
/// collectors running at once never take the same entry. Run against SQLite and PostgreSQL.
/// </summary>
public abstract class GarbageBatchContractTests : MetadataStoreTestBase
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    /// <summary>Garbage entries as the triggers write them, at the given ages; returns their blob IDs in the order given.</summary>
    protected async Task<List<string>> ListGarbageAsync(params TimeSpan[] ages)
    {
        var rows = ages.Select(age => new { id = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()), since = (Now - age).ToUnixTimeMilliseconds() }).ToList();
        await Database.WriteAsync((c, t) => c.ExecuteAsync("INSERT INTO garbage (blob_id, since_ms) VALUES (@id, @since)", rows, t));
        return [.. rows.Select(r => r.id)];
    }

    protected async Task<HashSet<string>> ListedAsync() => [.. await Store.ReadGarbageAsync(Now.AddDays(1), 100_000)];

    [Fact]
    public async Task ABatchHandsOverAndForgetsOnlyTheEntriesPastTheCutoff()
    {
        var old = await ListGarbageAsync(TimeSpan.FromHours(2), TimeSpan.FromHours(3), TimeSpan.FromHours(4));
        var young = await ListGarbageAsync(TimeSpan.FromMinutes(1), TimeSpan.Zero);
        var handed = new List<string>();

        var collected = await Store.CollectGarbageBatchAsync(Now.AddHours(-1), 100, (ids, _) =>
        {
            handed.AddRange(ids);
            return ValueTask.CompletedTask;
        });

        Assert.Equal(3, collected);
        Assert.Equal(old.Order(), handed.Order());
        Assert.Equal(young.ToHashSet(), await ListedAsync());
        Assert.Equal(0, await Store.CollectGarbageBatchAsync(Now.AddHours(-1), 100, (_, _) => throw new InvalidOperationException("nothing is due")));
    }

    [Fact]
    public async Task ABatchTakesAtMostItsLimitOldestFirst()
    {
        var entries = await ListGarbageAsync([.. Enumerable.Range(1, 10).Select(i => TimeSpan.FromHours(20 - i))]);
        var handed = new List<string>();

        Assert.Equal(4, await Store.CollectGarbageBatchAsync(Now, 4, (ids, _) =>
        {
            handed.AddRange(ids);
            return ValueTask.CompletedTask;
        }));

        Assert.Equal(entries.Take(4).Order(), handed.Order());
        Assert.Equal(entries.Skip(4).ToHashSet(), await ListedAsync());
    }

    [Fact]
    public async Task ABatchWhoseBlobDeletionFailsLeavesItsEntriesListed()
    {
        var entries = await ListGarbageAsync(TimeSpan.FromHours(1), TimeSpan.FromHours(2));

        await Assert.ThrowsAsync<IOException>(() => Store.CollectGarbageBatchAsync(Now, 100, (_, _) => throw new IOException("the blob store is down")));

        Assert.Equal(entries.ToHashSet(), await ListedAsync());
        Assert.Equal(2, await Store.CollectGarbageBatchAsync(Now, 100, (_, _) => ValueTask.CompletedTask));
        Assert.Empty(await ListedAsync());
    }

    [Fact]
    public async Task CollectorsRunningAtOnceTakeEachEntryExactlyOnce()
    {
        var entries = await ListGarbageAsync([.. Enumerable.Range(0, 600).Select(i => TimeSpan.FromSeconds(1000 + i))]);
        var handed = new System.Collections.Concurrent.ConcurrentBag<string>();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (await Store.CollectGarbageBatchAsync(Now, 25, async (ids, _) =>
                   {
                       await Task.Yield();
                       foreach (var id in ids)
                       {
                           handed.Add(id);
                       }
                   }) > 0)
            {
            }
        })));

        Assert.Equal(entries.Count, handed.Count);
        Assert.Equal(entries.Order(), handed.Order());
        Assert.Empty(await ListedAsync());
    }
}

public sealed class SqliteGarbageBatchContractTests : GarbageBatchContractTests
{
    protected override ISqlDialect CreateDialect() => new SqliteDialect(ScratchSqlitePath("omp-garbage-batch-"));
}

public sealed class PostgresGarbageBatchContractTests : GarbageBatchContractTests
{
    protected override ISqlDialect CreateDialect() => new PostgresDialect(TestPostgres.CreateDatabase());

    /// <summary>
    /// PostgreSQL only (SQLite runs one writer at a time): while one collector holds a batch (its blobs being deleted),
    /// another takes the next entries at once instead of waiting for the first to commit, and never the held ones.
    /// </summary>
    [Fact]
    public async Task AnotherCollectorSkipsTheEntriesABatchHoldsInsteadOfWaiting()
    {
        var entries = await ListGarbageAsync([.. Enumerable.Range(0, 30).Select(i => TimeSpan.FromMinutes(100 - i))]);
        var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        List<string> first = [], second = [];

        var held = Store.CollectGarbageBatchAsync(DateTimeOffset.UtcNow, 10, async (ids, _) =>
        {
            first.AddRange(ids);
            holding.SetResult();
            await release.Task;
        });
        await holding.Task.WaitAsync(TimeSpan.FromSeconds(60));

        var other = Store.CollectGarbageBatchAsync(DateTimeOffset.UtcNow, 100, (ids, _) =>
        {
            second.AddRange(ids);
            return ValueTask.CompletedTask;
        });
        Assert.Equal(20, await other.WaitAsync(TimeSpan.FromSeconds(60)));
        release.SetResult();
        Assert.Equal(10, await held.WaitAsync(TimeSpan.FromSeconds(60)));

        Assert.Equal(entries.Take(10).Order(), first.Order());
        Assert.Equal(entries.Skip(10).Order(), second.Order());
        Assert.Empty(await ListedAsync());
    }
}
