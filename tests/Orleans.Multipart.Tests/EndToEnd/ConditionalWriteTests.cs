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

    /// <summary>Twenty writers hold the same ETag and race: the database lets exactly one replace it; the rest see 412.</summary>
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
        Assert.All(outcomes.Where(o => o.Status != HttpStatusCode.OK), o => Assert.Equal(HttpStatusCode.PreconditionFailed, o.Status));
        Assert.Equal("writer-" + winner.Writer, await TextAsync(bucket, "hot"));
    }

    private async Task<string> TextAsync(string bucket, string key) => Encoding.UTF8.GetString(await GetBytesAsync(bucket, key));
}

public sealed class SqliteConditionalWriteTests(SqliteServiceFixture fixture) : ConditionalWriteTests(fixture), IClassFixture<SqliteServiceFixture>;

public sealed class PostgresConditionalWriteTests(PostgresServiceFixture fixture) : ConditionalWriteTests(fixture), IClassFixture<PostgresServiceFixture>;
