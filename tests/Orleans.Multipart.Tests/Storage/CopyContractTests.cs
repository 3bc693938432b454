using Dapper;
using Orleans.Multipart.Grains;
using Orleans.Multipart.Grains.Storage;
using Orleans.Multipart.Silo.Storage.Sql;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.Storage;

/// <summary>
/// Copies share blobs: the database keeps a blob out of the garbage list while any part names it,
/// refuses a part naming a garbage blob, and serialises a copy with writes of its source, so the
/// collector can never delete bytes an object still needs. Run against SQLite and PostgreSQL.
/// </summary>
public abstract class CopyContractTests : MetadataStoreTestBase
{
    private async Task<(ObjectRecord Object, PartInfo Part)> PutAsync(string bucket, string key)
    {
        var part = Part(1, 5);
        var obj = new ObjectRecord(bucket, key, UploadIds.New(DateTimeOffset.UtcNow), part.Size, part.ETag, 0, DateTimeOffset.UtcNow, new ObjectSettings { ContentType = "text/plain" });
        await Store.PutObjectAsync(obj, part, _ => { });
        return (obj, part);
    }

    private Task<ObjectRecord> CopyAsync(string bucket, string from, string to, Func<ObjectRecord, ObjectRecord?, ObjectSettings>? plan = null, string? sourceBucket = null) =>
        Store.CopyObjectAsync(sourceBucket ?? bucket, from, bucket, to, UploadIds.New(DateTimeOffset.UtcNow), plan ?? ((source, _) => source.Settings), DateTimeOffset.UtcNow);

    private async Task<IReadOnlyList<string>> GarbageAsync() => await Store.ReadGarbageAsync(DateTimeOffset.UtcNow.AddMinutes(1), 10_000);

    [Fact]
    public async Task ACopyNamesTheSameBlobsWhichStayUntilTheLastNameGoes()
    {
        var bucket = await Bucket();
        var (original, part) = await PutAsync(bucket, "a");
        var copy = await CopyAsync(bucket, "a", "b");

        Assert.Equal((original.ETag, original.Size), (copy.ETag, copy.Size));
        Assert.Equal([part.BlobId], (await Store.GetSourcePartsAsync(copy.SourceId)).Select(p => p.BlobId));
        Assert.True(await Store.DeleteObjectAsync(bucket, "a"));
        Assert.DoesNotContain(part.BlobId, await GarbageAsync());

        Assert.True(await Store.DeleteObjectAsync(bucket, "b"));
        Assert.Contains(part.BlobId, await GarbageAsync());
        Assert.Equal(0, await Store.CountInvariantViolationsAsync());
    }

    [Fact]
    public async Task AMultipartObjectCopiesAsItsManifest()
    {
        var bucket = await Bucket();
        var upload = Upload(bucket, "big");
        await Store.InsertUploadAsync(upload);
        var parts = Enumerable.Range(1, 3).Select(n => Part(n, 100 * n)).ToList();
        foreach (var p in parts)
        {
            await Store.AddPartAsync(bucket, "big", upload.UploadId, p);
        }

        await Store.CompleteUploadAsync(bucket, "big", upload.UploadId, (stored, _) => new CompletionPlan(stored, "etag-3", 600), _ => true, DateTimeOffset.UtcNow);
        var other = await Bucket(BucketRule.Exclusive);
        var copy = await Store.CopyObjectAsync(bucket, "big", other, "big-copy", UploadIds.New(DateTimeOffset.UtcNow), (s, _) => s.Settings, DateTimeOffset.UtcNow);

        Assert.Equal(("etag-3", 600L, 3), (copy.ETag, copy.Size, copy.PartsCount));
        Assert.Equal(parts.Select(p => p.BlobId), (await Store.GetSourcePartsAsync(copy.SourceId)).Select(p => p.BlobId));
        Assert.Empty(await GarbageAsync());
    }

    [Fact]
    public async Task CopyingAKeyOntoItselfReplacesItsSettingsAndReleasesNothing()
    {
        var bucket = await Bucket();
        var (_, part) = await PutAsync(bucket, "self");
        var copy = await CopyAsync(bucket, "self", "self", (source, current) =>
        {
            Assert.Equal(source.SourceId, current?.SourceId);
            return source.Settings with { ContentType = "image/png" };
        });

        Assert.Equal("image/png", (await Store.GetObjectAsync(bucket, "self"))!.Settings.ContentType);
        Assert.Equal([part.BlobId], (await Store.GetSourcePartsAsync(copy.SourceId)).Select(p => p.BlobId));
        Assert.Empty(await GarbageAsync());
        Assert.Equal(0, await Store.CountInvariantViolationsAsync());
    }

    [Fact]
    public async Task ARefusedCopyChangesNothing()
    {
        var bucket = await Bucket();
        var (_, _) = await PutAsync(bucket, "src");
        var (target, _) = await PutAsync(bucket, "dst");

        Assert.Equal(MultipartError.NoSuchKey, (await Assert.ThrowsAsync<MultipartException>(() => CopyAsync(bucket, "missing", "dst"))).Error);
        Assert.Equal(MultipartError.NoSuchBucket, (await Assert.ThrowsAsync<MultipartException>(() => CopyAsync(bucket, "src", "dst", sourceBucket: "no-such-bucket"))).Error);
        var refused = await Assert.ThrowsAsync<MultipartException>(() => CopyAsync(bucket, "src", "dst", (_, _) => throw new MultipartException(MultipartError.PreconditionFailed, "no")));
        Assert.Equal(MultipartError.PreconditionFailed, refused.Error);
        Assert.Equal(target.SourceId, (await Store.GetObjectAsync(bucket, "dst"))?.SourceId);

        var exclusive = await Bucket(BucketRule.Exclusive);
        await Store.InsertUploadAsync(Upload(exclusive, "busy"));
        var busy = await Assert.ThrowsAsync<MultipartException>(() => Store.CopyObjectAsync(bucket, "src", exclusive, "busy", UploadIds.New(DateTimeOffset.UtcNow), (s, _) => s.Settings, DateTimeOffset.UtcNow));
        Assert.Equal(MultipartError.UploadInProgress, busy.Error);
        Assert.Null(await Store.GetObjectAsync(exclusive, "busy"));
        Assert.Empty(await GarbageAsync());
    }

    /// <summary>The invariant is the database's own: rows written around the application are refused too.</summary>
    [Fact]
    public async Task TheDatabaseRefusesAPartNamingGarbageAndGarbageNamedByAPart()
    {
        var bucket = await Bucket();
        var (live, livePart) = await PutAsync(bucket, "live");
        var (_, deadPart) = await PutAsync(bucket, "dead");
        await Store.DeleteObjectAsync(bucket, "dead");
        Assert.Contains(deadPart.BlobId, await GarbageAsync());

        await Assert.ThrowsAnyAsync<Exception>(() => Database.WriteAsync((c, t) => c.ExecuteAsync(
            "INSERT INTO parts (source_id, part_number, size, etag, blob_id, created_ms) VALUES ('resurrect', 1, 5, 'e', @BlobId, 0)", new { deadPart.BlobId }, t)));
        await Assert.ThrowsAnyAsync<Exception>(() => Database.WriteAsync((c, t) => c.ExecuteAsync(
            "INSERT INTO garbage (blob_id, since_ms) VALUES (@BlobId, 0)", new { livePart.BlobId }, t)));
        Assert.Equal(live.SourceId, (await Store.GetObjectAsync(bucket, "live"))?.SourceId);
        Assert.Equal(0, await Store.CountInvariantViolationsAsync());
    }

    /// <summary>Copies racing deletes and overwrites of their source: every copy that succeeded keeps all its blobs out of the garbage list.</summary>
    [Fact]
    public async Task CopiesRacingDeletesOfTheirSourceNeverLoseABlob()
    {
        var bucket = await Bucket();
        var copied = 0;
        for (var round = 0; round < 40; round++)
        {
            var key = "src-" + round;
            await PutAsync(bucket, key);
            var copies = Enumerable.Range(0, 4).Select(async i =>
            {
                try
                {
                    await CopyAsync(bucket, key, $"copy-{round}-{i}");
                    return true;
                }
                catch (MultipartException ex) when (ex.Error == MultipartError.NoSuchKey)
                {
                    return false;
                }
            }).ToList();
            var writes = new[]
            {
                Store.DeleteObjectAsync(bucket, key).ContinueWith(t => t.Result, TaskScheduler.Default),
                PutAsync(bucket, key).ContinueWith(t => t.IsCompletedSuccessfully, TaskScheduler.Default),
            };
            var outcomes = await Task.WhenAll(copies);
            await Task.WhenAll(writes);
            copied += outcomes.Count(o => o);
        }

        var garbage = (await GarbageAsync()).ToHashSet();
        // The store's listing starts at the prefix; the grain cuts it off where the prefix ends.
        var objects = (await Store.ListObjectsAsync(bucket, "copy-", null, 1000)).Where(o => o.Key.StartsWith("copy-", StringComparison.Ordinal)).ToList();
        Assert.Equal(copied, objects.Count);
        foreach (var copy in objects)
        {
            var record = await Store.GetObjectAsync(bucket, copy.Key);
            var parts = await Store.GetSourcePartsAsync(record!.SourceId);
            Assert.Single(parts);
            Assert.DoesNotContain(parts[0].BlobId, garbage);
        }

        Assert.Equal(0, await Store.CountInvariantViolationsAsync());
    }
}

public sealed class SqliteCopyContractTests : CopyContractTests
{
    protected override ISqlDialect CreateDialect() =>
        new SqliteDialect(ScratchSqlitePath("omp-copy-"));
}

public sealed class PostgresCopyContractTests : CopyContractTests
{
    protected override ISqlDialect CreateDialect() => new PostgresDialect(TestPostgres.CreateDatabase());
}
