using System.Net;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using Orleans.Multipart.Silo.Storage.Blobs;
using Orleans.Multipart.Storage.Blobs;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>The multipart lifecycle through AWSSDK.S3 against the real HTTP host.</summary>
public abstract class MultipartLifecycleTests(ServiceFixture fixture) : S3TestBase(fixture)
{
    [Fact]
    public async Task ObjectOfMoreThan100MiBRoundTripsByteForByte()
    {
        var bucket = await NewBucketAsync();
        const string key = "big/random object.bin";
        var data = RandomBytes(105 * MiB + 12345, seed: 1);
        const int partSize = 8 * MiB;
        var uploadId = await InitiateAsync(bucket, key);
        var count = (data.Length + partSize - 1) / partSize;
        var parts = new PartETag[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
        {
            var slice = data.AsSpan(i * partSize, Math.Min(partSize, data.Length - (i * partSize))).ToArray();
            parts[i] = await UploadPartAsync(bucket, key, uploadId, i + 1, slice);
        });

        var complete = await CompleteAsync(bucket, key, uploadId, parts);
        var expectedETag = MultipartETag(Enumerable.Range(0, count).Select(i => data.AsSpan(i * partSize, Math.Min(partSize, data.Length - (i * partSize))).ToArray()).ToArray());
        Assert.Equal(expectedETag, complete.ETag.Trim('"'));

        var head = await S3.GetObjectMetadataAsync(bucket, key);
        Assert.Equal(data.Length, head.ContentLength);
        var roundTripped = await GetBytesAsync(bucket, key);
        Assert.Equal(data.Length, roundTripped.Length);
        Assert.True(data.AsSpan().SequenceEqual(roundTripped), "the object read back differs from the bytes uploaded");
        Assert.Equal(0, await Host.InvariantViolationsAsync());
    }

    [Fact]
    public async Task RetriedCompleteAnswersTheSameETag()
    {
        var bucket = await NewBucketAsync();
        var uploadId = await InitiateAsync(bucket, "k");
        var part = await UploadPartAsync(bucket, "k", uploadId, 1, RandomBytes(1000, 2));
        var first = await CompleteAsync(bucket, "k", uploadId, [part]);
        var second = await CompleteAsync(bucket, "k", uploadId, [part]);
        Assert.Equal(first.ETag, second.ETag);
        Assert.Equal(RandomBytes(1000, 2), await GetBytesAsync(bucket, "k"));
    }

    [Fact]
    public async Task ReuploadedPartReplacesTheEarlierOneAndItsBlobIsCollected()
    {
        var bucket = await NewBucketAsync();
        var uploadId = await InitiateAsync(bucket, "k");
        var existing = (await BlobsAsync());
        await UploadPartAsync(bucket, "k", uploadId, 1, RandomBytes(5 * MiB, 3));
        var original = (await BlobsAsync()).Except(existing).Single();
        var replacement = RandomBytes(5 * MiB, 4);
        var part1 = await UploadPartAsync(bucket, "k", uploadId, 1, replacement);
        var part2 = await UploadPartAsync(bucket, "k", uploadId, 2, RandomBytes(10, 5));
        await CompleteAsync(bucket, "k", uploadId, [part1, part2]);
        Assert.Equal(replacement.Concat(RandomBytes(10, 5)).ToArray(), await GetBytesAsync(bucket, "k"));

        Assert.Contains(original, (await BlobsAsync()));
        await Host.Get<BlobCollector>().CollectGarbageAsync(default);
        Assert.DoesNotContain(original, (await BlobsAsync()));
        Assert.Equal(replacement.Concat(RandomBytes(10, 5)).ToArray(), await GetBytesAsync(bucket, "k"));
    }

    [Fact]
    public async Task CompleteWithASubsetKeepsOnlyTheListedParts()
    {
        var bucket = await NewBucketAsync();
        var uploadId = await InitiateAsync(bucket, "subset");
        var p1 = RandomBytes(5 * MiB, 10);
        var p2 = RandomBytes(5 * MiB, 11);
        var p3 = RandomBytes(100, 12);
        var e1 = await UploadPartAsync(bucket, "subset", uploadId, 1, p1);
        await UploadPartAsync(bucket, "subset", uploadId, 2, p2);
        var e3 = await UploadPartAsync(bucket, "subset", uploadId, 3, p3);
        var result = await CompleteAsync(bucket, "subset", uploadId, [e1, e3]);
        Assert.Equal(MultipartETag(p1, p3), result.ETag.Trim('"'));
        Assert.Equal(p1.Concat(p3).ToArray(), await GetBytesAsync(bucket, "subset"));
        var part2 = await GetBytesAsync(bucket, "subset", r => r.PartNumber = 2);
        Assert.Equal(p3, part2);
    }

    [Fact]
    public async Task RangeAndPartNumberReadsCrossPartBoundaries()
    {
        var bucket = await NewBucketAsync();
        var uploadId = await InitiateAsync(bucket, "ranged");
        var p1 = RandomBytes(5 * MiB, 20);
        var p2 = RandomBytes(3 * MiB, 21);
        var parts = new[] { await UploadPartAsync(bucket, "ranged", uploadId, 1, p1), await UploadPartAsync(bucket, "ranged", uploadId, 2, p2) };
        await CompleteAsync(bucket, "ranged", uploadId, parts);
        var all = p1.Concat(p2).ToArray();

        var range = await GetBytesAsync(bucket, "ranged", r => r.ByteRange = new ByteRange(5 * MiB - 10, 5 * MiB + 9));
        Assert.Equal(all.AsSpan(5 * MiB - 10, 20).ToArray(), range);
        var suffix = await GetBytesAsync(bucket, "ranged", r => r.ByteRange = new ByteRange("bytes=-7"));
        Assert.Equal(all[^7..], suffix);

        using var second = await S3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "ranged", PartNumber = 2 });
        Assert.Equal(2, second.PartsCount);
        Assert.Equal(MultipartETag(p1, p2), second.ETag.Trim('"'));
        var ex = await S3Error(() => S3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "ranged", PartNumber = 3 }));
        Assert.Equal((HttpStatusCode.BadRequest, "InvalidPart"), (ex.StatusCode, ex.ErrorCode));
    }

    [Fact]
    public async Task CompleteAbortAndUploadPartRaceLeavesTheDatabaseConsistent()
    {
        var bucket = await NewBucketAsync();
        var completes = 0;
        var aborts = 0;
        for (var round = 0; round < 50; round++)
        {
            var key = $"race/{round}";
            var uploadId = await InitiateAsync(bucket, key);
            var body = RandomBytes(2000, round);
            var first = await UploadPartAsync(bucket, key, uploadId, 1, body);

            var complete = Outcome(() => CompleteAsync(bucket, key, uploadId, [first]));
            var abort = Outcome(() => S3.AbortMultipartUploadAsync(bucket, key, uploadId));
            var part = Outcome(() => UploadPartAsync(bucket, key, uploadId, 2, RandomBytes(3000, round + 1000)));
            var (c, a, p) = (await complete, await abort, await part);

            Assert.True(c is null or "NoSuchUpload", $"round {round}: Complete failed with {c}");
            Assert.True(a is null or "NoSuchUpload", $"round {round}: Abort failed with {a}");
            Assert.True(p is null or "NoSuchUpload", $"round {round}: UploadPart failed with {p}");
            Assert.True((c is null) ^ (a is null), $"round {round}: exactly one of Complete ({c ?? "ok"}) and Abort ({a ?? "ok"}) must win");
            if (c is null)
            {
                completes++;
                Assert.Equal(body, await GetBytesAsync(bucket, key));
            }
            else
            {
                aborts++;
                Assert.Equal(HttpStatusCode.NotFound, (await S3Error(() => S3.GetObjectMetadataAsync(bucket, key))).StatusCode);
            }

            Assert.Equal(0, await Host.InvariantViolationsAsync());
        }

        Assert.Equal(50, completes + aborts);
    }

    [Fact]
    public async Task HundredParallelInitiatesAllSucceedAndAllAreListed()
    {
        var bucket = await NewBucketAsync();
        var ids = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => InitiateAsync(bucket, $"same-key")));
        Assert.Equal(100, ids.Distinct().Count());

        var listed = new List<string>();
        string? keyMarker = null, idMarker = null;
        do
        {
            var page = await S3.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket, MaxUploads = 30, KeyMarker = keyMarker, UploadIdMarker = idMarker });
            listed.AddRange((page.MultipartUploads ?? []).Select(u => u.UploadId));
            if (page.IsTruncated != true)
            {
                break;
            }

            (keyMarker, idMarker) = (page.NextKeyMarker, page.NextUploadIdMarker);
        }
        while (true);

        Assert.Equal(ids.Order(StringComparer.Ordinal), listed);
    }

    [Fact]
    public async Task HundredParallelInitiatesOnAnExclusiveKeyHaveExactlyOneWinner()
    {
        var bucket = await NewExclusiveBucketAsync();
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Outcome(() => InitiateAsync(bucket, "only-one"))));
        Assert.Equal(1, outcomes.Count(o => o is null));
        Assert.All(outcomes.Where(o => o is not null), o => Assert.Equal("ObjectAlreadyExists", o));
        var uploads = await S3.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket });
        Assert.Single(uploads.MultipartUploads);

        var put = await S3Error(() => S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "only-one", ContentBody = "x" }));
        Assert.Equal(HttpStatusCode.Conflict, put.StatusCode);
    }

    [Fact]
    public async Task ListingsPageWithPrefixDelimiterAndMarkers()
    {
        var bucket = await NewBucketAsync();
        foreach (var key in new[] { "a/1", "a/2", "b/1", "c" })
        {
            await InitiateAsync(bucket, key);
            await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = key });
        }

        var uploads = await S3.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket, Delimiter = "/" });
        Assert.Equal(["a/", "b/"], uploads.CommonPrefixes);
        Assert.Equal(["c"], uploads.MultipartUploads.Select(u => u.Key));
        var prefixed = await S3.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket, Prefix = "a/" });
        Assert.Equal(["a/1", "a/2"], prefixed.MultipartUploads.Select(u => u.Key));

        var objects = await S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, MaxKeys = 1 });
        var keys = new List<string>(objects.S3Objects.Select(o => o.Key));
        while (objects.IsTruncated == true)
        {
            objects = await S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, MaxKeys = 1, ContinuationToken = objects.NextContinuationToken });
            keys.AddRange(objects.S3Objects.Select(o => o.Key));
        }

        Assert.Equal(["a/1", "a/2", "b/1", "c"], keys);
        var versions = await S3.ListVersionsAsync(new ListVersionsRequest { BucketName = bucket, Prefix = "a/" });
        Assert.All(versions.Versions, v => Assert.Equal("null", v.VersionId));
        Assert.Equal(2, versions.Versions.Count);

        var uploadId = await InitiateAsync(bucket, "many-parts");
        for (var n = 1; n <= 25; n++)
        {
            await UploadPartAsync(bucket, "many-parts", uploadId, n, [(byte)n]);
        }

        var page = await S3.ListPartsAsync(new ListPartsRequest { BucketName = bucket, Key = "many-parts", UploadId = uploadId, MaxParts = 10, PartNumberMarker = "10" });
        Assert.Equal(Enumerable.Range(11, 10), page.Parts.Select(p => p.PartNumber ?? 0));
        Assert.True(page.IsTruncated);
        Assert.Equal(20, page.NextPartNumberMarker);
    }

    [Fact]
    public async Task PutGetDeleteAndDeleteObjectsWork()
    {
        var bucket = await NewBucketAsync();
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "dir/ünïcödé key+%.txt", ContentBody = "hello", ContentType = "text/plain", Metadata = { ["color"] = "blue" } });
        using (var get = await S3.GetObjectAsync(bucket, "dir/ünïcödé key+%.txt"))
        {
            Assert.Equal("text/plain", get.Headers.ContentType);
            Assert.Equal("blue", get.Metadata["color"]);
            Assert.Equal("hello", await new StreamReader(get.ResponseStream).ReadToEndAsync());
        }

        await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "second", ContentBody = "2" });
        var deleted = await S3.DeleteObjectsAsync(new DeleteObjectsRequest { BucketName = bucket, Objects = [new KeyVersion { Key = "dir/ünïcödé key+%.txt" }, new KeyVersion { Key = "second" }] });
        Assert.Equal(2, deleted.DeletedObjects.Count);
        Assert.Equal(HttpStatusCode.NotFound, (await S3Error(() => S3.GetObjectAsync(bucket, "second"))).StatusCode);
        await S3.DeleteObjectAsync(bucket, "never-existed");
    }

    [Fact]
    public async Task ConditionalCompleteHonoursIfNoneMatch()
    {
        var bucket = await NewBucketAsync();
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "cond", ContentBody = "old" });
        var uploadId = await InitiateAsync(bucket, "cond");
        var part = await UploadPartAsync(bucket, "cond", uploadId, 1, [1, 2, 3]);
        var ex = await S3Error(() => S3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest { BucketName = bucket, Key = "cond", UploadId = uploadId, PartETags = [part], IfNoneMatch = "*" }));
        Assert.Equal(HttpStatusCode.PreconditionFailed, ex.StatusCode);
        Assert.Equal("old", System.Text.Encoding.ASCII.GetString(await GetBytesAsync(bucket, "cond")));
        await CompleteAsync(bucket, "cond", uploadId, [part]);
        Assert.Equal([1, 2, 3], await GetBytesAsync(bucket, "cond"));
    }

    [Fact]
    public async Task DeletingABucketAbortsItsOpenUploadsButRefusesWhenObjectsRemain()
    {
        var bucket = await NewBucketAsync();
        var uploadId = await InitiateAsync(bucket, "open");
        await UploadPartAsync(bucket, "open", uploadId, 1, [1]);
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "obj", ContentBody = "x" });
        Assert.Equal("BucketNotEmpty", (await S3Error(() => S3.DeleteBucketAsync(bucket))).ErrorCode);
        await S3.DeleteObjectAsync(bucket, "obj");
        await S3.DeleteBucketAsync(bucket);
        Assert.Equal("NoSuchUpload", (await S3Error(() => S3.ListPartsAsync(bucket, "open", uploadId))).ErrorCode);
        Assert.Equal("NoSuchBucket", (await S3Error(() => S3.ListMultipartUploadsAsync(bucket))).ErrorCode);
    }

    [Fact]
    public async Task PresignedUrlsWorkUntilTheyExpire()
    {
        var bucket = await NewBucketAsync();
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "shared", ContentBody = "presigned" });
        var url = await S3.GetPreSignedURLAsync(new GetPreSignedUrlRequest { BucketName = bucket, Key = "shared", Expires = DateTime.UtcNow.AddMinutes(5), Protocol = Protocol.HTTP });
        Assert.Equal("presigned", await Http.GetStringAsync(url));
        var tampered = url.Replace("shared", "sharee", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await Http.GetAsync(tampered)).StatusCode);
    }

    private static async Task<string?> Outcome(Func<Task> call)
    {
        try
        {
            await call();
            return null;
        }
        catch (AmazonS3Exception ex)
        {
            return ex.ErrorCode;
        }
    }
}

public sealed class SqliteMultipartLifecycleTests(SqliteServiceFixture fixture) : MultipartLifecycleTests(fixture), IClassFixture<SqliteServiceFixture>;

public sealed class PostgresMultipartLifecycleTests(PostgresServiceFixture fixture) : MultipartLifecycleTests(fixture), IClassFixture<PostgresServiceFixture>;
