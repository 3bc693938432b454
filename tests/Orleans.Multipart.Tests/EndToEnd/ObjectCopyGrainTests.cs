using System.Net;
using Amazon.S3.Model;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// Zero-copy copies through the object grain (as an internal service calls it), read back over HTTP
/// with AWSSDK.S3: the copy names the source's blobs, survives the source's deletion and the
/// collector, and keeps an exclusive destination's rule.
/// </summary>
public abstract class ObjectCopyGrainTests(ServiceFixture fixture) : S3TestBase(fixture)
{
    private IObjectGrain Object(string bucket, string key) => Host.Get<IGrainFactory>().GetGrain<IObjectGrain>(ObjectKey.Format(bucket, key));

    [Fact]
    public async Task AMultipartObjectCopiesWithoutItsBytesAndOutlivesItsSource()
    {
        var bucket = await NewBucketAsync();
        var data = RandomBytes(11 * MiB, 3);
        var uploadId = await InitiateAsync(bucket, "source");
        var parts = new List<PartETag>
        {
            await UploadPartAsync(bucket, "source", uploadId, 1, data[..(5 * MiB)]),
            await UploadPartAsync(bucket, "source", uploadId, 2, data[(5 * MiB)..(10 * MiB)]),
            await UploadPartAsync(bucket, "source", uploadId, 3, data[(10 * MiB)..]),
        };
        var completed = await CompleteAsync(bucket, "source", uploadId, parts);

        var other = await NewExclusiveBucketAsync();
        var copy = await Object(other, "copy").CopyFrom(new CopySource(bucket, "source"), WriteConditions.None);
        Assert.Equal(completed.ETag.Trim('"'), copy.ETag);
        var source = await Object(bucket, "source").Get();
        Assert.Equal(source!.Parts.Select(p => p.BlobId), copy.Parts.Select(p => p.BlobId));

        await S3.DeleteObjectAsync(bucket, "source");
        await Host.Get<Orleans.Multipart.Silo.Storage.Blobs.BlobCollector>().CollectGarbageAsync(default);
        Assert.Equal(data, await GetBytesAsync(other, "copy"));
        var head = await S3.GetObjectMetadataAsync(other, "copy");
        Assert.Equal(completed.ETag, head.ETag);

        // The exclusive destination keeps its rule: no upload over the copied object.
        var refused = await S3Error(() => S3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = other, Key = "copy" }));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
    }

    /// <summary>
    /// A sharing copy names the source encryption the gateway checked (its key included): a source replaced
    /// meanwhile by one encrypted otherwise is not shared (409, retryable), so a copy never gets blobs under a
    /// key nobody presented.
    /// </summary>
    [Fact]
    public async Task ASharingCopyOfASourceNowEncryptedOtherwiseIsRefused()
    {
        var bucket = await NewBucketAsync();
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "src", ContentBody = "sealed", ServerSideEncryptionMethod = Amazon.S3.ServerSideEncryptionMethod.AES256 });

        var checkedAsPlain = new CopySource(bucket, "src", SharedEncryption: new ObjectSettings());
        var conflict = await Assert.ThrowsAsync<MultipartException>(() => Object(bucket, "dst").CopyFrom(checkedAsPlain, WriteConditions.None));
        Assert.Equal(MultipartError.ConditionalRequestConflict, conflict.Error);
        Assert.Null(await Object(bucket, "dst").Get());

        var copy = await Object(bucket, "dst").CopyFrom(new CopySource(bucket, "src", SharedEncryption: new ObjectSettings { Encrypted = true }), WriteConditions.None);
        Assert.True(copy.Settings.Encrypted);
    }

    [Fact]
    public async Task CopyConditionsAndMissingSourcesAreRefusedAndChangeNothing()
    {
        var bucket = await NewBucketAsync();
        var put = await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "src", ContentBody = "source bytes" });
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "dst", ContentBody = "old" });

        var mismatch = await Assert.ThrowsAsync<MultipartException>(() => Object(bucket, "dst").CopyFrom(new CopySource(bucket, "src", IfMatch: "\"nope\""), WriteConditions.None));
        Assert.Equal(MultipartError.PreconditionFailed, mismatch.Error);
        var missing = await Assert.ThrowsAsync<MultipartException>(() => Object(bucket, "dst").CopyFrom(new CopySource(bucket, "absent"), WriteConditions.None));
        Assert.Equal(MultipartError.NoSuchKey, missing.Error);
        Assert.Equal("old", System.Text.Encoding.UTF8.GetString(await GetBytesAsync(bucket, "dst")));

        var replaced = await Object(bucket, "dst").CopyFrom(
            new CopySource(bucket, "src", IfMatch: put.ETag, ReplaceSettings: new ObjectSettings { ContentType = "text/x-copied" }), WriteConditions.None);
        Assert.Equal("text/x-copied", replaced.Settings.ContentType);
        using var get = await S3.GetObjectAsync(bucket, "dst");
        Assert.Equal("text/x-copied", get.Headers.ContentType);
        Assert.Equal("source bytes", await new StreamReader(get.ResponseStream).ReadToEndAsync());
    }

    /// <summary>The copy is a manifest: copying 64 MiB writes no blob, as copying 64 bytes writes none.</summary>
    [Fact]
    public async Task ACopyWritesNoBytes()
    {
        var bucket = await NewBucketAsync();
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "small", InputStream = new MemoryStream(RandomBytes(64, 1)) });
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "large", InputStream = new MemoryStream(RandomBytes(64 * MiB, 2)) });
        var blobsBefore = (await Host.BlobsAsync()).Count;
        await Object(bucket, "small-copy").CopyFrom(new CopySource(bucket, "small"), WriteConditions.None);
        await Object(bucket, "large-copy").CopyFrom(new CopySource(bucket, "large"), WriteConditions.None);
        Assert.Equal(blobsBefore, (await Host.BlobsAsync()).Count);
        Assert.Equal(RandomBytes(64 * MiB, 2), await GetBytesAsync(bucket, "large-copy"));
    }
}

public sealed class SqliteObjectCopyGrainTests(SqliteServiceFixture fixture) : ObjectCopyGrainTests(fixture), IClassFixture<SqliteServiceFixture>;

public sealed class PostgresObjectCopyGrainTests(PostgresServiceFixture fixture) : ObjectCopyGrainTests(fixture), IClassFixture<PostgresServiceFixture>;
