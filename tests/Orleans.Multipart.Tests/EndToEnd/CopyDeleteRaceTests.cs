using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Orleans.Multipart.Silo.Storage.Blobs;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>The race test's host: no garbage grace period (the collector deletes at once) and 1-byte parts allowed, so small copied parts complete.</summary>
public abstract class CopyRaceFixture(StoreKind kind) : IAsyncLifetime
{
    public ServiceHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await ServiceHost.StartAsync(kind, new Dictionary<string, string>
    {
        ["Collector:GarbageGracePeriod"] = "00:00:00",
        ["Gateway:MinPartSize"] = "1",
    });

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

public sealed class SqliteCopyRaceFixture() : CopyRaceFixture(StoreKind.Sqlite);

public sealed class PostgresCopyRaceFixture() : CopyRaceFixture(StoreKind.Postgres);

/// <summary>
/// Deletes race copies over real HTTP: while CopyObject and UploadPartCopy (shared and byte-copied parts) of
/// an object run, the object is deleted and the garbage collector runs without a grace period. Each copy
/// either succeeds or answers NoSuchKey, and every copy that succeeded reads back whole afterwards: none
/// names a collected blob.
/// </summary>
public abstract class CopyDeleteRaceTests(CopyRaceFixture fixture)
{
    private const int Rounds = 25;
    private const int Copies = 8;
    private const int Size = 256 * 1024;

    [Fact]
    public async Task DeletingTheSourceNeverLeavesACopyNamingACollectedBlob()
    {
        var host = fixture.Host;
        var s3 = host.CreateS3Client();
        var collector = host.Get<BlobCollector>();
        var bucket = "race-" + Guid.NewGuid().ToString("N")[..12];
        await s3.PutBucketAsync(bucket);
        int objectsCopied = 0, partsCopied = 0, refused = 0;

        for (var round = 0; round < Rounds; round++)
        {
            var data = new byte[Size];
            new Random(round).NextBytes(data);
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "source", InputStream = new MemoryStream(data) });
            var uploadId = (await s3.InitiateMultipartUploadAsync(bucket, $"assembled-{round}")).UploadId;

            // Odd part numbers take the whole object (a shared blob), even ones a range (a byte copy).
            var copies = Enumerable.Range(0, Copies).Select(i => Task.Run(async () => await Outcome(async () =>
            {
                await Task.Delay(2 * i);
                return await s3.CopyObjectAsync(bucket, "source", bucket, $"copy-{round}-{i}");
            }))).ToList();
            var parts = Enumerable.Range(1, Copies).Select(n => Task.Run(async () => (Number: n, Response: await Outcome(async () =>
            {
                await Task.Delay(n);
                return await s3.CopyPartAsync(new CopyPartRequest
                {
                    SourceBucket = bucket, SourceKey = "source", DestinationBucket = bucket, DestinationKey = $"assembled-{round}", UploadId = uploadId, PartNumber = n,
                    FirstByte = n % 2 == 0 ? 1000 : null, LastByte = n % 2 == 0 ? Size - 1000 : null,
                });
            })))).ToList();
            var delete = Task.Run(async () =>
            {
                // Once the first copy is back, the others are in flight (they start a millisecond apart; parts take longest).
                await Task.WhenAny(parts);
                await Task.Delay(round % 3);
                await s3.DeleteObjectAsync(bucket, "source");
            });
            var collecting = Task.Run(async () =>
            {
                while (!Task.WhenAll(copies).IsCompleted || !Task.WhenAll(parts).IsCompleted || !delete.IsCompleted)
                {
                    await collector.CollectGarbageAsync(default);
                }
            });
            await Task.WhenAll(Task.WhenAll(copies), Task.WhenAll(parts), delete, collecting);
            await collector.CollectGarbageAsync(default);
            var copied = await Task.WhenAll(copies);
            var partsCopiedThisRound = await Task.WhenAll(parts);

            for (var i = 0; i < Copies; i++)
            {
                if (copied[i] is null)
                {
                    refused++;
                    continue;
                }

                objectsCopied++;
                Assert.Equal(data, await BytesAsync(s3, bucket, $"copy-{round}-{i}"));
            }

            var kept = partsCopiedThisRound.Where(p => p.Response is not null).ToList();
            refused += Copies - kept.Count;
            if (kept.Count == 0)
            {
                await s3.AbortMultipartUploadAsync(bucket, $"assembled-{round}", uploadId);
                continue;
            }

            partsCopied += kept.Count;
            await s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = bucket, Key = $"assembled-{round}", UploadId = uploadId,
                PartETags = kept.Select(p => new PartETag(p.Number, p.Response!.ETag)).ToList(),
            });
            var expected = kept.SelectMany(p => p.Number % 2 == 0 ? data[1000..(Size - 999)] : data).ToArray();
            Assert.Equal(expected, await BytesAsync(s3, bucket, $"assembled-{round}"));
        }

        // The race was run, not avoided: some copies won and some found the source gone.
        Assert.True(objectsCopied > 0 && partsCopied > 0 && refused > 0, $"{objectsCopied} objects and {partsCopied} parts copied, {refused} refused");
        Assert.Equal(0, await host.InvariantViolationsAsync());
    }

    /// <summary>The copy's response, or null when it answered NoSuchKey (the source was deleted first); any other answer fails the test.</summary>
    private static async Task<T?> Outcome<T>(Func<Task<T>> copy) where T : class
    {
        try
        {
            return await copy();
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound && ex.ErrorCode == "NoSuchKey")
        {
            return null;
        }
    }

    private static async Task<byte[]> BytesAsync(AmazonS3Client s3, string bucket, string key)
    {
        using var response = await s3.GetObjectAsync(bucket, key);
        using var buffer = new MemoryStream();
        await response.ResponseStream.CopyToAsync(buffer);
        return buffer.ToArray();
    }
}

public sealed class SqliteCopyDeleteRaceTests(SqliteCopyRaceFixture fixture) : CopyDeleteRaceTests(fixture), IClassFixture<SqliteCopyRaceFixture>;

public sealed class PostgresCopyDeleteRaceTests(PostgresCopyRaceFixture fixture) : CopyDeleteRaceTests(fixture), IClassFixture<PostgresCopyRaceFixture>;
