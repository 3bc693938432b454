using Microsoft.Extensions.DependencyInjection;
using Orleans.Multipart.Grains;
using Orleans.Storage;

namespace Orleans.Multipart.Tests.Cluster;

/// <summary>The grain layer on two Orleans silos sharing one database, on SQLite and on PostgreSQL.</summary>
public abstract class TwoSiloClusterTests(ClusterFixture fixture)
{
    public static TheoryData<MultipartError> AllErrors() => new(Enum.GetValues<MultipartError>());

    private static string NewName(string prefix) => prefix + Guid.NewGuid().ToString("N")[..10];

    /// <summary>Initiates from both silos at once on one key of an exclusive bucket: exactly one wins, the rest answer UploadInProgress.</summary>
    [Fact]
    public async Task HundredParallelInitiatesOnAnExclusiveKeyHaveExactlyOneWinner()
    {
        var bucket = NewName("excl");
        await fixture.Grains(0).GetGrain<IBucketGrain>(bucket).Create(BucketRule.Exclusive);
        var key = ObjectKey.Format(bucket, "contended");

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 100).Select(async i =>
        {
            try
            {
                return (Upload: (string?)(await fixture.Grains(i % 2).GetGrain<IObjectGrain>(key).Initiate(new ObjectSettings())).UploadId, Error: (MultipartError?)null);
            }
            catch (MultipartException ex)
            {
                return (Upload: (string?)null, Error: ex.Error);
            }
        }));

        var winner = Assert.Single(outcomes, o => o.Upload is not null);
        Assert.All(outcomes.Where(o => o.Upload is null), o => Assert.Equal(MultipartError.UploadInProgress, o.Error));
        var listing = await fixture.Grains(1).GetGrain<IBucketGrain>(bucket).ListUploads(new UploadListingRequest());
        Assert.Equal([winner.Upload], listing.Uploads.Select(u => u.UploadId));
    }

    /// <summary>A MultipartException thrown on one silo reaches a caller on the other with its code and message (not CodecNotFoundException).</summary>
    [Theory]
    [MemberData(nameof(AllErrors))]
    public async Task EveryErrorCodeCrossesSilosIntact(MultipartError error)
    {
        // The grain prefers local placement: activate it from silo 1, then call it from silo 0.
        var remoteSilo = fixture.Cluster.Silos[1].SiloAddress;
        IErrorThrowerGrain? remote = null;
        for (var i = 0; remote is null && i < 200; i++)
        {
            var key = NewName("thrower");
            if ((await fixture.Grains(1).GetGrain<IErrorThrowerGrain>(key).Silo()).Equals(remoteSilo))
            {
                remote = fixture.Grains(0).GetGrain<IErrorThrowerGrain>(key);
            }
        }

        Assert.NotNull(remote);
        Assert.Equal(remoteSilo, await remote.Silo());

        var ex = await Assert.ThrowsAsync<MultipartException>(() => remote.Throw(error));
        Assert.Equal(error, ex.Error);
        Assert.Equal("thrown as " + error, ex.Message);
    }

    /// <summary>Bucket settings are grain state: they survive the bucket grain's deactivation, and are read back on the other silo.</summary>
    [Fact]
    public async Task DeactivatedBucketGrainComesBackWithItsSettings()
    {
        var name = NewName("state");
        var bucket = fixture.Grains(0).GetGrain<IBucketGrain>(name);
        await bucket.Create(BucketRule.Concurrent);
        await bucket.SetAnonymousWrite(true);

        await fixture.Cluster.DeactivateAsync(bucket);
        Assert.True((await fixture.Grains(1).GetGrain<IBucketGrain>(name).Describe())!.AnonymousWrite);

        await bucket.SetAnonymousWrite(false);
        await fixture.Cluster.DeactivateAsync(bucket);
        Assert.False((await fixture.Grains(0).GetGrain<IBucketGrain>(name).Describe())!.AnonymousWrite);

        // Deleting the bucket clears its settings: a new bucket of that name starts from the defaults.
        await bucket.SetAnonymousWrite(true);
        await bucket.Delete();
        await fixture.Cluster.DeactivateAsync(bucket);
        await bucket.Create(BucketRule.Concurrent);
        Assert.False((await bucket.Describe())!.AnonymousWrite);
    }

    /// <summary>
    /// Orleans' ADO.NET grain storage on our OrleansQuery texts, as two activations of one grain on two
    /// silos would use it: a write at a stale version (or a second first write) fails with
    /// InconsistentStateException instead of overwriting; clear and write again keep counting.
    /// </summary>
    [Fact]
    public async Task GrainStorageRejectsWritesAtAStaleVersion()
    {
        IGrainStorage Storage(int silo) => fixture.Cluster.Silos[silo].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(MultipartStorage.GrainStorageName);
        var grain = GrainId.Create("bucket", NewName("cas"));
        var first = new GrainState<BucketSettings>(new BucketSettings());
        var second = new GrainState<BucketSettings>(new BucketSettings());
        await Storage(0).ReadStateAsync(BucketSettings.StateName, grain, first);
        await Storage(1).ReadStateAsync(BucketSettings.StateName, grain, second);
        Assert.False(first.RecordExists);

        first.State = new BucketSettings { AnonymousWrite = true, Migrated = true };
        await Storage(0).WriteStateAsync(BucketSettings.StateName, grain, first);
        second.State = new BucketSettings { AnonymousWrite = false, Migrated = true };
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage(1).WriteStateAsync(BucketSettings.StateName, grain, second));

        await Storage(1).ReadStateAsync(BucketSettings.StateName, grain, second);
        Assert.True(second.State.AnonymousWrite);
        Assert.Equal(first.ETag, second.ETag);
        await Storage(1).WriteStateAsync(BucketSettings.StateName, grain, second);
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage(0).WriteStateAsync(BucketSettings.StateName, grain, first));
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage(0).ClearStateAsync(BucketSettings.StateName, grain, first));

        await Storage(1).ClearStateAsync(BucketSettings.StateName, grain, second);
        var reader = new GrainState<BucketSettings>(new BucketSettings());
        await Storage(0).ReadStateAsync(BucketSettings.StateName, grain, reader);
        Assert.False(reader.State!.AnonymousWrite);
        Assert.Equal(second.ETag, reader.ETag);
        reader.State = new BucketSettings { AnonymousWrite = true, Migrated = true };
        await Storage(0).WriteStateAsync(BucketSettings.StateName, grain, reader);
        Assert.NotEqual(second.ETag, reader.ETag);
    }

    /// <summary>The expiry sweep's Orleans reminder fires on its own (no test hook) and aborts an upload older than the limit.</summary>
    [Fact]
    public async Task ReminderDrivenSweepAbortsAnExpiredUpload()
    {
        var bucket = NewName("expiry");
        await fixture.Grains(0).GetGrain<IBucketGrain>(bucket).Create(BucketRule.Concurrent);
        var upload = await fixture.Grains(1).GetGrain<IObjectGrain>(ObjectKey.Format(bucket, "stale")).Initiate(new ObjectSettings());
        var grain = fixture.Grains(0).GetGrain<IUploadGrain>(upload.UploadId);
        Assert.Equal(UploadState.Open, (await grain.Describe(bucket, "stale")).State);

        var deadline = DateTime.UtcNow + ClusterFixture.ExpireAfter + TimeSpan.FromSeconds(90);
        MultipartException? gone = null;
        while (gone is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
            try
            {
                await grain.Describe(bucket, "stale");
            }
            catch (MultipartException ex)
            {
                gone = ex;
            }
        }

        Assert.NotNull(gone);
        Assert.Equal(MultipartError.NoSuchUpload, gone.Error);
        Assert.Empty((await fixture.Grains(1).GetGrain<IBucketGrain>(bucket).ListUploads(new UploadListingRequest())).Uploads);
    }
}

public sealed class SqliteTwoSiloClusterTests(SqliteClusterFixture fixture) : TwoSiloClusterTests(fixture), IClassFixture<SqliteClusterFixture>;

public sealed class PostgresTwoSiloClusterTests(PostgresClusterFixture fixture) : TwoSiloClusterTests(fixture), IClassFixture<PostgresClusterFixture>;
