using System.Net;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// Conditional writes as AWS serves them, through AWSSDK.S3: If-Match on PutObject and
/// CompleteMultipartUpload (404 NoSuchKey on a missing key, 412 on a mismatch) and If-None-Match: *,
/// checked inside the write's database transaction so that racing writers cannot both win.
/// </summary>
public abstract class ConditionalWriteTests(ServiceFixture fixture) : S3TestBase(fixture)
{
    [Fact]
    public async Task PutWithIfMatchReplacesOnlyTheObjectItNames()
    {
        var bucket = await NewBucketAsync();
        var first = await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "doc", ContentBody = "v1" });

        var mismatch = await S3Error(() => S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "doc", ContentBody = "v2", IfMatch = "\"0123456789abcdef0123456789abcdef\"" }));
        Assert.Equal(HttpStatusCode.PreconditionFailed, mismatch.StatusCode);
        Assert.Equal("PreconditionFailed", mismatch.ErrorCode);
        Assert.Equal("v1", await TextAsync(bucket, "doc"));

        var second = await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "doc", ContentBody = "v2", IfMatch = first.ETag });
        Assert.NotEqual(first.ETag, second.ETag);
        Assert.Equal("v2", await TextAsync(bucket, "doc"));

        // The first ETag no longer names the object.
        var stale = await S3Error(() => S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "doc", ContentBody = "v3", IfMatch = first.ETag }));
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("v2", await TextAsync(bucket, "doc"));
    }

    [Fact]
    public async Task IfMatchOnAMissingKeyIsNoSuchKeyAndStoresNothing()
    {
        var bucket = await NewBucketAsync();
        var put = await S3Error(() => S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "absent", ContentBody = "x", IfMatch = "\"0123456789abcdef0123456789abcdef\"" }));
        Assert.Equal(HttpStatusCode.NotFound, put.StatusCode);
        Assert.Equal("NoSuchKey", put.ErrorCode);

        var uploadId = await InitiateAsync(bucket, "absent");
        var part = await UploadPartAsync(bucket, "absent", uploadId, 1, [1, 2, 3]);
        var complete = await S3Error(() => S3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = bucket, Key = "absent", UploadId = uploadId, PartETags = [part], IfMatch = "\"0123456789abcdef0123456789abcdef\"",
        }));
        Assert.Equal(HttpStatusCode.NotFound, complete.StatusCode);
        Assert.Equal("NoSuchKey", complete.ErrorCode);
        Assert.Equal(HttpStatusCode.NotFound, (await S3Error(() => S3.GetObjectMetadataAsync(bucket, "absent"))).StatusCode);

        // The refused Complete left the upload open: the same parts complete without the condition.
        Assert.Single((await S3.ListPartsAsync(bucket, "absent", uploadId)).Parts);
        await CompleteAsync(bucket, "absent", uploadId, [part]);
        Assert.Equal([1, 2, 3], await GetBytesAsync(bucket, "absent"));
    }

    [Fact]
    public async Task CompleteWithIfMatchChecksTheObjectAtCompleteTime()
    {
        var bucket = await NewBucketAsync();
        var original = await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "k", ContentBody = "original" });
        var uploadId = await InitiateAsync(bucket, "k");
        var part = await UploadPartAsync(bucket, "k", uploadId, 1, [9, 9, 9]);

        // Another writer replaces the object while the upload is open: the ETag the client read is stale.
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "k", ContentBody = "intruder" });
        var stale = await S3Error(() => S3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = bucket, Key = "k", UploadId = uploadId, PartETags = [part], IfMatch = original.ETag,
        }));
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("intruder", await TextAsync(bucket, "k"));

        var current = await S3.GetObjectMetadataAsync(bucket, "k");
        await S3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest { BucketName = bucket, Key = "k", UploadId = uploadId, PartETags = [part], IfMatch = current.ETag });
        Assert.Equal([9, 9, 9], await GetBytesAsync(bucket, "k"));
    }

    /// <summary>
    /// A PutObject whose If-Match held when it began loses to a write that commits while its body is still on the
    /// wire: 409 ConditionalRequestConflict (AWS: retry), and the other writer's object stays.
    /// </summary>
    [Fact]
    public async Task AWriteThatWinsWhileAConditionalPutStreamsMakesIt409()
    {
        var bucket = await NewBucketAsync();
        var seed = await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "race", ContentBody = "seed" });
        var body = new GatedStream(RandomBytes(256 * 1024, 7));
        var slow = S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "race", InputStream = body, IfMatch = seed.ETag });

        await body.Started.Task.WaitAsync(TimeSpan.FromSeconds(30)); // the request has begun: its condition held
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "race", ContentBody = "intruder" });
        body.Open.SetResult();

        var conflict = await S3Error(() => slow);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal("ConditionalRequestConflict", conflict.ErrorCode);
        Assert.Equal("intruder", await TextAsync(bucket, "race"));
    }

    /// <summary>A Complete with If-None-Match: * retried after its first try succeeded answers the first result, not 412 on its own object.</summary>
    [Fact]
    public async Task ARetriedConditionalCompleteAnswersItsFirstResult()
    {
        var bucket = await NewBucketAsync();
        var uploadId = await InitiateAsync(bucket, "once");
        var part = await UploadPartAsync(bucket, "once", uploadId, 1, [4, 5, 6]);
        var request = new CompleteMultipartUploadRequest { BucketName = bucket, Key = "once", UploadId = uploadId, PartETags = [part], IfNoneMatch = "*" };
        var first = await S3.CompleteMultipartUploadAsync(request);
        var retry = await S3.CompleteMultipartUploadAsync(request);
        Assert.Equal(first.ETag, retry.ETag);

        // Another upload of the key with the same condition is refused: the key holds an object now.
        var other = await InitiateAsync(bucket, "once");
        var otherPart = await UploadPartAsync(bucket, "once", other, 1, [7]);
        var refused = await S3Error(() => S3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest { BucketName = bucket, Key = "once", UploadId = other, PartETags = [otherPart], IfNoneMatch = "*" }));
        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        Assert.Equal([4, 5, 6], await GetBytesAsync(bucket, "once"));
    }

    /// <summary>
    /// Twenty writers hold the same ETag and race: the database lets exactly one replace it; the rest see 409
    /// (their condition held when they began) or 412 (they began after the winner committed).
    /// </summary>
    [Fact]
    public async Task RacingIfMatchWritersHaveExactlyOneWinner()
    {
        var bucket = await NewBucketAsync();
        var seed = await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "hot", ContentBody = "seed" });
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            try
            {
                await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "hot", ContentBody = "writer-" + i, IfMatch = seed.ETag });
                return (Writer: i, Status: HttpStatusCode.OK);
            }
            catch (AmazonS3Exception ex)
            {
                return (Writer: i, Status: ex.StatusCode);
            }
        }));

        var winner = Assert.Single(outcomes, o => o.Status == HttpStatusCode.OK);
        Assert.All(outcomes.Where(o => o.Status != HttpStatusCode.OK), o => Assert.Contains(o.Status, new[] { HttpStatusCode.Conflict, HttpStatusCode.PreconditionFailed }));
        Assert.Equal("writer-" + winner.Writer, await TextAsync(bucket, "hot"));
    }

    private async Task<string> TextAsync(string bucket, string key) => Encoding.UTF8.GetString(await GetBytesAsync(bucket, key));

    /// <summary>A body that sends its first bytes, says so, and holds the rest until <see cref="Open"/> is set.</summary>
    private sealed class GatedStream(byte[] data) : MemoryStream(data)
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Open { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        // MemoryStream's async reads call Read: the gate lives in Read alone (the SDK's send loop runs off the test's thread).
        public override int Read(byte[] buffer, int offset, int count)
        {
            if (Position >= 64 * 1024)
            {
                Started.TrySetResult();
                Open.Task.Wait(TimeSpan.FromSeconds(60));
            }

            return base.Read(buffer, offset, Math.Min(count, 16 * 1024));
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.Run(() => Read(buffer, offset, count), cancellationToken);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var chunk = new byte[Math.Min(buffer.Length, 16 * 1024)];
            return new(Task.Run(() =>
            {
                var read = Read(chunk, 0, chunk.Length);
                chunk.AsSpan(0, read).CopyTo(buffer.Span);
                return read;
            }, cancellationToken));
        }
    }
}

public sealed class SqliteConditionalWriteTests(SqliteServiceFixture fixture) : ConditionalWriteTests(fixture), IClassFixture<SqliteServiceFixture>;

public sealed class PostgresConditionalWriteTests(PostgresServiceFixture fixture) : ConditionalWriteTests(fixture), IClassFixture<PostgresServiceFixture>;
