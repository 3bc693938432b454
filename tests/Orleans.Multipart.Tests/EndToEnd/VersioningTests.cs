using System.Net;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// Bucket versioning through real clients (AWSSDK.S3 and boto3) on PostgreSQL: version IDs on PUT, Complete and copies,
/// reads and deletes by version, delete markers, ListObjectVersions pages, the null version, and the exclusive rule.
/// </summary>
public sealed class VersioningTests(PostgresServiceFixture fixture) : S3TestBase(fixture), IClassFixture<PostgresServiceFixture>
{
    private async Task<string> NewVersionedBucketAsync()
    {
        var bucket = await NewBucketAsync();
        await S3.PutBucketVersioningAsync(new PutBucketVersioningRequest { BucketName = bucket, VersioningConfig = new S3BucketVersioningConfig { Status = VersionStatus.Enabled } });
        return bucket;
    }

    private async Task<string> PutTextAsync(string bucket, string key, string text) =>
        (await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = text })).VersionId;

    private async Task<string> ReadTextAsync(string bucket, string key, string? versionId = null)
    {
        using var response = await S3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key, VersionId = versionId });
        using var reader = new StreamReader(response.ResponseStream);
        return await reader.ReadToEndAsync();
    }

    [Fact]
    public async Task AwsSdkKeepsEveryVersionOfPutCompleteAndCopyAndReadsEachByItsId()
    {
        var bucket = await NewBucketAsync();
        Assert.Equal(VersionStatus.Off, (await S3.GetBucketVersioningAsync(new GetBucketVersioningRequest { BucketName = bucket })).VersioningConfig.Status);
        var unversioned = await PutTextAsync(bucket, "k", "zero");
        Assert.Null(unversioned); // a bucket never versioned answers no x-amz-version-id

        await S3.PutBucketVersioningAsync(new PutBucketVersioningRequest { BucketName = bucket, VersioningConfig = new S3BucketVersioningConfig { Status = VersionStatus.Enabled } });
        Assert.Equal(VersionStatus.Enabled, (await S3.GetBucketVersioningAsync(new GetBucketVersioningRequest { BucketName = bucket })).VersioningConfig.Status);

        var v1 = await PutTextAsync(bucket, "k", "one");
        var uploadId = await InitiateAsync(bucket, "k");
        var data = RandomBytes(6 * MiB, 3);
        var completed = await CompleteAsync(bucket, "k", uploadId, [await UploadPartAsync(bucket, "k", uploadId, 1, data)]);
        var copied = await S3.CopyObjectAsync(new CopyObjectRequest { SourceBucket = bucket, SourceKey = "k", SourceVersionId = v1, DestinationBucket = bucket, DestinationKey = "k" });

        Assert.False(string.IsNullOrEmpty(v1));
        Assert.False(string.IsNullOrEmpty(completed.VersionId));
        Assert.False(string.IsNullOrEmpty(copied.VersionId));
        Assert.Equal(v1, copied.SourceVersionId);
        Assert.Equal(3, new[] { v1, completed.VersionId, copied.VersionId }.Distinct().Count());

        Assert.Equal("one", await ReadTextAsync(bucket, "k")); // the copy of v1 is current
        Assert.Equal("zero", await ReadTextAsync(bucket, "k", "null"));
        Assert.Equal("one", await ReadTextAsync(bucket, "k", v1));
        Assert.Equal(data, await GetBytesAsync(bucket, "k", r => r.VersionId = completed.VersionId));
        var head = await S3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = "k", VersionId = completed.VersionId });
        Assert.Equal((completed.ETag, completed.VersionId), (head.ETag, head.VersionId));

        var listed = await S3.ListVersionsAsync(new ListVersionsRequest { BucketName = bucket });
        Assert.Equal([copied.VersionId, completed.VersionId, v1, "null"], listed.Versions.Select(v => v.VersionId));
        Assert.Equal([true, false, false, false], listed.Versions.Select(v => v.IsLatest == true));
    }

    [Fact]
    public async Task AwsSdkDeleteMakesAMarkerThatHidesTheKeyUntilItIsDeleted()
    {
        var bucket = await NewVersionedBucketAsync();
        var v1 = await PutTextAsync(bucket, "k", "one");
        await S3.CopyObjectAsync(new CopyObjectRequest { SourceBucket = bucket, SourceKey = "k", DestinationBucket = bucket, DestinationKey = "copy" });

        var deleted = await S3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = bucket, Key = "k" });
        Assert.Equal("true", deleted.DeleteMarker);
        Assert.False(string.IsNullOrEmpty(deleted.VersionId));

        var missing = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => ReadTextAsync(bucket, "k"));
        Assert.Equal((HttpStatusCode.NotFound, "NoSuchKey"), (missing.StatusCode, missing.ErrorCode));
        using (var raw = await TestSigV4Signer.SendAsync(Http, HttpMethod.Get, $"/{bucket}/k"))
        {
            Assert.Equal(HttpStatusCode.NotFound, raw.StatusCode);
            Assert.Equal("true", raw.Headers.GetValues("x-amz-delete-marker").Single());
            Assert.Equal(deleted.VersionId, raw.Headers.GetValues("x-amz-version-id").Single());
        }

        using (var marker = await TestSigV4Signer.SendAsync(Http, HttpMethod.Get, $"/{bucket}/k?versionId={deleted.VersionId}"))
        {
            Assert.Equal(HttpStatusCode.MethodNotAllowed, marker.StatusCode);
            Assert.Equal("true", marker.Headers.GetValues("x-amz-delete-marker").Single());
        }

        Assert.Equal("one", await ReadTextAsync(bucket, "k", v1));
        var removed = await S3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = bucket, Key = "k", VersionId = deleted.VersionId });
        Assert.Equal((deleted.VersionId, "true"), (removed.VersionId, removed.DeleteMarker));
        Assert.Equal("one", await ReadTextAsync(bucket, "k"));

        // v1 deleted for good: gone by ID, while the copy that shares its blob still reads.
        await S3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = bucket, Key = "k", VersionId = v1 });
        var gone = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => ReadTextAsync(bucket, "k", v1));
        Assert.Equal((HttpStatusCode.NotFound, "NoSuchVersion"), (gone.StatusCode, gone.ErrorCode));
        Assert.Equal("one", await ReadTextAsync(bucket, "copy"));
        var bad = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => ReadTextAsync(bucket, "copy", "not-a-version"));
        Assert.Equal((HttpStatusCode.BadRequest, "InvalidArgument"), (bad.StatusCode, bad.ErrorCode));
    }

    [Fact]
    public async Task AwsSdkPagesVersionsByKeyAndVersionMarkers()
    {
        var bucket = await NewVersionedBucketAsync();
        var expected = new List<(string Key, string VersionId, bool Marker)>();
        foreach (var key in new[] { "a", "b/x", "b/y", "c" })
        {
            var first = await PutTextAsync(bucket, key, key + "1");
            var second = await PutTextAsync(bucket, key, key + "2");
            var marker = (await S3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = bucket, Key = key })).VersionId;
            expected.AddRange([(key, marker, true), (key, second, false), (key, first, false)]);
        }

        var seen = new List<(string Key, string VersionId, bool Marker)>();
        var request = new ListVersionsRequest { BucketName = bucket, MaxKeys = 2 };
        for (var page = 0; page < 20; page++)
        {
            var response = await S3.ListVersionsAsync(request);
            Assert.True(response.Versions.Count <= 2);
            seen.AddRange(response.Versions.Select(v => (v.Key, v.VersionId, v.IsDeleteMarker == true)));
            if (response.IsTruncated != true)
            {
                break;
            }

            (request.KeyMarker, request.VersionIdMarker) = (response.NextKeyMarker, response.NextVersionIdMarker);
        }

        Assert.Equal(expected, seen);

        var rolled = await S3.ListVersionsAsync(new ListVersionsRequest { BucketName = bucket, Delimiter = "/" });
        Assert.Equal(["b/"], rolled.CommonPrefixes);
        Assert.Equal(6, rolled.Versions.Count);
    }

    [Fact]
    public async Task AwsSdkDeleteObjectsRemovesNamedVersionsAndMarksTheOthers()
    {
        var bucket = await NewVersionedBucketAsync();
        var a1 = await PutTextAsync(bucket, "a", "a1");
        var a2 = await PutTextAsync(bucket, "a", "a2");
        var b1 = await PutTextAsync(bucket, "b", "b1");

        var response = await S3.DeleteObjectsAsync(new DeleteObjectsRequest
        {
            BucketName = bucket,
            Objects = [new KeyVersion { Key = "a", VersionId = a1 }, new KeyVersion { Key = "b" }],
        });
        var byKey = response.DeletedObjects.ToDictionary(d => d.Key);
        Assert.Equal(a1, byKey["a"].VersionId);
        Assert.NotEqual(true, byKey["a"].DeleteMarker);
        Assert.True(byKey["b"].DeleteMarker);
        var marker = byKey["b"].DeleteMarkerVersionId;
        Assert.False(string.IsNullOrEmpty(marker));

        var listed = await S3.ListVersionsAsync(new ListVersionsRequest { BucketName = bucket });
        Assert.Equal([("a", a2, false), ("b", marker, true), ("b", b1, false)], listed.Versions.Select(v => (v.Key, v.VersionId, v.IsDeleteMarker == true)));

        var unmarked = await S3.DeleteObjectsAsync(new DeleteObjectsRequest { BucketName = bucket, Objects = [new KeyVersion { Key = "b", VersionId = marker }] });
        Assert.True(unmarked.DeletedObjects.Single().DeleteMarker);
        Assert.Equal(marker, unmarked.DeletedObjects.Single().DeleteMarkerVersionId);
        Assert.Equal("b1", await ReadTextAsync(bucket, "b"));
    }

    [Fact]
    public async Task AwsSdkUploadPartCopyReadsTheNamedVersion()
    {
        var bucket = await NewVersionedBucketAsync();
        var old = RandomBytes(5 * MiB, 11);
        var oldVersion = (await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "src", InputStream = new MemoryStream(old) })).VersionId;
        await PutTextAsync(bucket, "src", "newer");

        var uploadId = await InitiateAsync(bucket, "dst");
        var part = await S3.CopyPartAsync(new CopyPartRequest
        {
            SourceBucket = bucket,
            SourceKey = "src",
            SourceVersionId = oldVersion,
            DestinationBucket = bucket,
            DestinationKey = "dst",
            UploadId = uploadId,
            PartNumber = 1,
        });
        await CompleteAsync(bucket, "dst", uploadId, [new PartETag(1, part.ETag)]);
        Assert.Equal(old, await GetBytesAsync(bucket, "dst"));

        var missing = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => S3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = bucket,
            SourceKey = "src",
            SourceVersionId = "0123456789abcdef0123456789abcdef",
            DestinationBucket = bucket,
            DestinationKey = "nothing",
        }));
        Assert.Equal((HttpStatusCode.NotFound, "NoSuchVersion"), (missing.StatusCode, missing.ErrorCode));
    }

    [Fact]
    public async Task AnExclusiveBucketRefusesVersioningWithInvalidBucketState()
    {
        var bucket = await NewExclusiveBucketAsync();
        var refused = await Assert.ThrowsAsync<AmazonS3Exception>(() => S3.PutBucketVersioningAsync(new PutBucketVersioningRequest
        {
            BucketName = bucket,
            VersioningConfig = new S3BucketVersioningConfig { Status = VersionStatus.Enabled },
        }));
        Assert.Equal((HttpStatusCode.Conflict, "InvalidBucketState"), (refused.StatusCode, refused.ErrorCode));
        Assert.Contains("exclusive", refused.Message);
        Assert.Equal(VersionStatus.Off, (await S3.GetBucketVersioningAsync(new GetBucketVersioningRequest { BucketName = bucket })).VersioningConfig.Status);
    }

    /// <summary>boto3 as ceph/s3-tests drives it: suspended buckets write the null version, which replaces itself and nothing else.</summary>
    [Fact]
    public async Task Boto3SuspendedBucketReplacesOnlyTheNullVersion()
    {
        var bucket = await NewBucketAsync();
        var (exitCode, output) = await Boto3.RunAsync(Boto3.SigV4ClientScript + """
            s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={'Status': 'Enabled'})
            v1 = s3.put_object(Bucket=bucket, Key='k', Body=b'one')['VersionId']
            s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={'Status': 'Suspended'})
            assert s3.get_bucket_versioning(Bucket=bucket)['Status'] == 'Suspended'
            r = s3.put_object(Bucket=bucket, Key='k', Body=b'null-1')
            assert 'VersionId' not in r, r  # the null version is not announced on a write (S3)
            assert s3.head_object(Bucket=bucket, Key='k')['VersionId'] == 'null'
            assert s3.get_bucket_versioning(Bucket=bucket)['Status'] == 'Suspended' 
            s3.put_object(Bucket=bucket, Key='k', Body=b'null-2')
            versions = s3.list_object_versions(Bucket=bucket)['Versions']
            assert [(v['VersionId'], v['IsLatest']) for v in versions] == [('null', True), (v1, False)], versions
            assert s3.get_object(Bucket=bucket, Key='k')['Body'].read() == b'null-2'
            assert s3.get_object(Bucket=bucket, Key='k', VersionId=v1)['Body'].read() == b'one'
            d = s3.delete_object(Bucket=bucket, Key='k')
            assert d['DeleteMarker'] and d['VersionId'] == 'null', d
            listed = s3.list_object_versions(Bucket=bucket)
            assert [m['VersionId'] for m in listed['DeleteMarkers']] == ['null'], listed
            assert [v['VersionId'] for v in listed['Versions']] == [v1], listed
            s3.delete_object(Bucket=bucket, Key='k', VersionId='null')
            assert s3.get_object(Bucket=bucket, Key='k')['Body'].read() == b'one'
            print('ok')
            """,
            Host.BaseAddress.ToString().TrimEnd('/'), bucket, ServiceHost.AccessKey, ServiceHost.SecretKey);
        Assert.True(exitCode == 0, output);
        Assert.StartsWith("ok", output);
    }
}
