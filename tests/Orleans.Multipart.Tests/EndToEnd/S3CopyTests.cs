using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// CopyObject and UploadPartCopy over HTTP with AWSSDK.S3 (and boto3): copies name the source's blobs where
/// they can (no file written), byte-copy where a part must be cut, honour the copy-source conditions and
/// the metadata directive, and read back byte for byte.
/// </summary>
public abstract class S3CopyTests(ServiceFixture fixture) : S3TestBase(fixture)
{
    private async Task<(byte[] Data, string ETag)> MultipartSourceAsync(string bucket, string key, params int[] sizes)
    {
        var data = RandomBytes(sizes.Sum(), sizes.Sum());
        var uploadId = await InitiateAsync(bucket, key);
        var parts = new List<PartETag>();
        var offset = 0;
        for (var i = 0; i < sizes.Length; i++)
        {
            parts.Add(await UploadPartAsync(bucket, key, uploadId, i + 1, data[offset..(offset + sizes[i])]));
            offset += sizes[i];
        }

        return (data, (await CompleteAsync(bucket, key, uploadId, parts)).ETag);
    }

    [Fact]
    public async Task CopyObjectInOneBucketKeepsMetadataAndWritesNoBlob()
    {
        var bucket = await NewBucketAsync();
        var (data, etag) = await MultipartSourceAsync(bucket, "src", 5 * MiB, 2 * MiB);
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "small", ContentBody = "hello", ContentType = "text/x-small", Metadata = { ["colour"] = "blue" } });
        var before = (await BlobsAsync());

        var copied = await S3.CopyObjectAsync(new CopyObjectRequest { SourceBucket = bucket, SourceKey = "src", DestinationBucket = bucket, DestinationKey = "dst/with space+plus" });
        Assert.Equal(etag, copied.ETag);
        Assert.True(DateTime.UtcNow - DateTime.Parse(copied.LastModified!, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal) < TimeSpan.FromMinutes(1), copied.LastModified);
        await S3.CopyObjectAsync(new CopyObjectRequest { SourceBucket = bucket, SourceKey = "small", DestinationBucket = bucket, DestinationKey = "small-copy" });

        Assert.Equal(before, (await BlobsAsync()));
        Assert.Equal(data, await GetBytesAsync(bucket, "dst/with space+plus"));
        var head = await S3.GetObjectMetadataAsync(bucket, "small-copy");
        Assert.Equal("text/x-small", head.Headers.ContentType);
        Assert.Equal("blue", head.Metadata["colour"]);
        Assert.Equal("hello", System.Text.Encoding.UTF8.GetString(await GetBytesAsync(bucket, "small-copy")));
    }

    [Fact]
    public async Task CopyObjectAcrossBucketsWithReplacedMetadata()
    {
        var from = await NewBucketAsync();
        var to = await NewBucketAsync();
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = from, Key = "doc", ContentBody = "payload", ContentType = "text/plain", Metadata = { ["old"] = "1" } });

        var request = new CopyObjectRequest
        {
            SourceBucket = from, SourceKey = "doc", DestinationBucket = to, DestinationKey = "doc",
            MetadataDirective = S3MetadataDirective.REPLACE, ContentType = "application/x-new",
        };
        request.Metadata["new"] = "2";
        await S3.CopyObjectAsync(request);

        var head = await S3.GetObjectMetadataAsync(to, "doc");
        Assert.Equal("application/x-new", head.Headers.ContentType);
        Assert.Equal("2", head.Metadata["new"]);
        Assert.DoesNotContain("x-amz-meta-old", head.Metadata.Keys);
        Assert.Equal("payload", System.Text.Encoding.UTF8.GetString(await GetBytesAsync(to, "doc")));
        var source = await S3.GetObjectMetadataAsync(from, "doc");
        Assert.Equal("1", source.Metadata["old"]);
    }

    [Fact]
    public async Task CopySourceConditionsFailWith412AndChangeNothing()
    {
        var bucket = await NewBucketAsync();
        var put = await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "src", ContentBody = "source" });
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "dst", ContentBody = "old" });
        var refusals = new Func<CopyObjectRequest, CopyObjectRequest>[]
        {
            r => { r.ETagToMatch = "\"0123456789abcdef0123456789abcdef\""; return r; },
            r => { r.ETagToNotMatch = put.ETag; return r; },
            r => { r.ModifiedSinceDate = DateTime.UtcNow.AddHours(1); return r; },
            r => { r.UnmodifiedSinceDate = DateTime.UtcNow.AddHours(-1); return r; },
        };
        foreach (var refuse in refusals)
        {
            var error = await S3Error(() => S3.CopyObjectAsync(refuse(new CopyObjectRequest { SourceBucket = bucket, SourceKey = "src", DestinationBucket = bucket, DestinationKey = "dst" })));
            Assert.Equal(HttpStatusCode.PreconditionFailed, error.StatusCode);
            Assert.Equal("PreconditionFailed", error.ErrorCode);
        }

        Assert.Equal("old", System.Text.Encoding.UTF8.GetString(await GetBytesAsync(bucket, "dst")));
        await S3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = bucket, SourceKey = "src", DestinationBucket = bucket, DestinationKey = "dst",
            ETagToMatch = put.ETag, UnmodifiedSinceDate = DateTime.UtcNow.AddHours(1),
        });
        Assert.Equal("source", System.Text.Encoding.UTF8.GetString(await GetBytesAsync(bucket, "dst")));
    }

    [Fact]
    public async Task BadCopiesAreRefusedAsAwsRefusesThem()
    {
        var bucket = await NewBucketAsync();
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "src", ContentBody = "source", ContentType = "text/a" });

        var self = await S3Error(() => S3.CopyObjectAsync(new CopyObjectRequest { SourceBucket = bucket, SourceKey = "src", DestinationBucket = bucket, DestinationKey = "src" }));
        Assert.Equal((HttpStatusCode.BadRequest, "InvalidRequest"), (self.StatusCode, self.ErrorCode));
        await S3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = bucket, SourceKey = "src", DestinationBucket = bucket, DestinationKey = "src", MetadataDirective = S3MetadataDirective.REPLACE, ContentType = "text/b",
        });
        Assert.Equal("text/b", (await S3.GetObjectMetadataAsync(bucket, "src")).Headers.ContentType);
        Assert.Equal("source", System.Text.Encoding.UTF8.GetString(await GetBytesAsync(bucket, "src")));

        var version = await S3Error(() => S3.CopyObjectAsync(new CopyObjectRequest { SourceBucket = bucket, SourceKey = "src", SourceVersionId = "3HL4kqtJlcpXroDTDmJ", DestinationBucket = bucket, DestinationKey = "v" }));
        Assert.Equal((HttpStatusCode.BadRequest, "InvalidArgument"), (version.StatusCode, version.ErrorCode));
        Assert.Contains("3HL4kqtJlcpXroDTDmJ", version.Message);
        await S3.CopyObjectAsync(new CopyObjectRequest { SourceBucket = bucket, SourceKey = "src", SourceVersionId = "null", DestinationBucket = bucket, DestinationKey = "v" });

        var missing = await S3Error(() => S3.CopyObjectAsync(new CopyObjectRequest { SourceBucket = bucket, SourceKey = "absent", DestinationBucket = bucket, DestinationKey = "x" }));
        Assert.Equal((HttpStatusCode.NotFound, "NoSuchKey"), (missing.StatusCode, missing.ErrorCode));
        var noBucket = await S3Error(() => S3.CopyObjectAsync(new CopyObjectRequest { SourceBucket = "no-such-bucket-here", SourceKey = "src", DestinationBucket = bucket, DestinationKey = "x" }));
        Assert.Equal((HttpStatusCode.NotFound, "NoSuchBucket"), (noBucket.StatusCode, noBucket.ErrorCode));

        foreach (var (header, value) in new[] { ("x-amz-metadata-directive", "MERGE"), ("x-amz-copy-source", "just-a-bucket") })
        {
            var response = await TestSigV4Signer.SendAsync(Http, HttpMethod.Put, $"/{bucket}/x", customize: r =>
            {
                r.Headers.TryAddWithoutValidation("x-amz-copy-source", $"/{bucket}/src");
                r.Headers.Remove(header);
                r.Headers.TryAddWithoutValidation(header, value);
            });
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("<Code>InvalidArgument</Code>", await response.Content.ReadAsStringAsync());
        }

        // The source must be readable by the caller: an unsigned copy into an anonymous-writable bucket reads nothing.
        await Host.Get<IGrainFactory>().GetGrain<IBucketGrain>(bucket).SetAnonymousWrite(true);
        using var unsigned = new HttpRequestMessage(HttpMethod.Put, $"/{bucket}/stolen") { Content = new ByteArrayContent([]) };
        unsigned.Headers.TryAddWithoutValidation("x-amz-copy-source", $"{bucket}/src");
        var anonymous = await Http.SendAsync(unsigned);
        Assert.Equal(HttpStatusCode.Forbidden, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await S3Error(() => S3.GetObjectMetadataAsync(bucket, "stolen"))).StatusCode);
    }

    /// <summary>An exclusive destination keeps its rule: no copy onto a key with an open upload or an existing object (write-once keys).</summary>
    [Fact]
    public async Task AnExclusiveDestinationKeepsItsRule()
    {
        var from = await NewBucketAsync();
        var exclusive = await NewExclusiveBucketAsync();
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = from, Key = "src", ContentBody = "new" });
        var uploadId = await InitiateAsync(exclusive, "busy");

        var refused = await S3Error(() => S3.CopyObjectAsync(new CopyObjectRequest { SourceBucket = from, SourceKey = "src", DestinationBucket = exclusive, DestinationKey = "busy" }));
        Assert.Equal((HttpStatusCode.Conflict, "ObjectAlreadyExists"), (refused.StatusCode, refused.ErrorCode));
        Assert.Equal(HttpStatusCode.NotFound, (await S3Error(() => S3.GetObjectMetadataAsync(exclusive, "busy"))).StatusCode);

        // The open upload takes copied parts all the same, and completes.
        var part = await S3.CopyPartAsync(new CopyPartRequest { SourceBucket = from, SourceKey = "src", DestinationBucket = exclusive, DestinationKey = "busy", UploadId = uploadId, PartNumber = 1 });
        await CompleteAsync(exclusive, "busy", uploadId, [new PartETag(1, part.ETag)]);
        Assert.Equal("new", System.Text.Encoding.UTF8.GetString(await GetBytesAsync(exclusive, "busy")));

        // The key is write-once: a copy onto an existing object is refused and the object stays.
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = exclusive, Key = "existing", ContentBody = "old" });
        var overObject = await S3Error(() => S3.CopyObjectAsync(new CopyObjectRequest { SourceBucket = from, SourceKey = "src", DestinationBucket = exclusive, DestinationKey = "existing" }));
        Assert.Equal((HttpStatusCode.Conflict, "ObjectAlreadyExists"), (overObject.StatusCode, overObject.ErrorCode));
        Assert.Equal("old", System.Text.Encoding.UTF8.GetString(await GetBytesAsync(exclusive, "existing")));
        var initiate = await S3Error(() => S3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = exclusive, Key = "existing" }));
        Assert.Equal(HttpStatusCode.Conflict, initiate.StatusCode);
    }

    [Fact]
    public async Task CopyPartWithAndWithoutRangesCompletesByteForByte()
    {
        var bucket = await NewBucketAsync();
        var (big, _) = await MultipartSourceAsync(bucket, "big", 5 * MiB, 6 * MiB, 1 * MiB);
        var small = RandomBytes(3 * MiB, 77);
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "small", InputStream = new MemoryStream(small) });
        var uploadId = await InitiateAsync(bucket, "assembled");
        Task<CopyPartResponse> CopyPart(int number, string key, long? first = null, long? last = null) => S3.CopyPartAsync(new CopyPartRequest
        {
            SourceBucket = bucket, SourceKey = key, DestinationBucket = bucket, DestinationKey = "assembled", UploadId = uploadId, PartNumber = number,
            FirstByte = first, LastByte = last,
        });

        // Whole source parts (by range on its boundaries) name the source's blobs: no file is written.
        var before = (await BlobsAsync());
        var p1 = await CopyPart(1, "big", 5 * MiB, 11 * MiB - 1);
        var p2 = await CopyPart(2, "big", 0, 5 * MiB - 1);
        Assert.Equal(before, (await BlobsAsync()));

        // A range cutting parts, and one spanning two, are byte copies: one new blob each.
        var p3 = await CopyPart(3, "big", 4 * MiB, 10 * MiB - 1);
        var p4 = await CopyPart(4, "big", 1, 5 * MiB + 1);
        Assert.Equal(2, (await BlobsAsync()).Except(before).Count());

        // The whole single-part object, without a range: shared again.
        var p5 = await CopyPart(5, "small");
        Assert.Equal(2, (await BlobsAsync()).Except(before).Count());

        Assert.Equal(Md5Hex(big[(5 * MiB)..(11 * MiB)]), p1.ETag.Trim('"'));
        Assert.Equal(Md5Hex(big[(4 * MiB)..(10 * MiB)]), p3.ETag.Trim('"'));
        Assert.Equal(Md5Hex(small), p5.ETag.Trim('"'));
        Assert.True(DateTime.UtcNow - p5.LastModified!.Value.ToUniversalTime() < TimeSpan.FromMinutes(1));
        var parts = new[] { p1, p2, p3, p4, p5 }.Select((p, i) => new PartETag(i + 1, p.ETag)).ToList();
        Assert.Equal([1, 2, 3, 4, 5], await ListPartNumbersAsync(bucket, "assembled", uploadId));
        await CompleteAsync(bucket, "assembled", uploadId, parts);

        var expected = big[(5 * MiB)..(11 * MiB)].Concat(big[..(5 * MiB)]).Concat(big[(4 * MiB)..(10 * MiB)]).Concat(big[1..(5 * MiB + 2)]).Concat(small).ToArray();
        Assert.Equal(expected, await GetBytesAsync(bucket, "assembled"));

        // The shared blobs outlive their sources.
        await S3.DeleteObjectAsync(bucket, "big");
        await S3.DeleteObjectAsync(bucket, "small");
        await Host.Get<Orleans.Multipart.Silo.Storage.Blobs.BlobCollector>().CollectGarbageAsync(default);
        Assert.Equal(expected, await GetBytesAsync(bucket, "assembled"));
        Assert.Equal(0, await Host.InvariantViolationsAsync());
    }

    [Fact]
    public async Task CopyPartRangesAreCheckedAndConditionsHold()
    {
        var bucket = await NewBucketAsync();
        var put = await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "src", InputStream = new MemoryStream(RandomBytes(100, 1)) });
        var uploadId = await InitiateAsync(bucket, "dst");
        async Task<HttpResponseMessage> Send(string? range, string? ifMatch = null) => await TestSigV4Signer.SendAsync(Http, HttpMethod.Put, $"/{bucket}/dst?partNumber=1&uploadId={uploadId}", customize: r =>
        {
            r.Headers.TryAddWithoutValidation("x-amz-copy-source", $"{bucket}/src");
            if (range is not null)
            {
                r.Headers.TryAddWithoutValidation("x-amz-copy-source-range", range);
            }

            if (ifMatch is not null)
            {
                r.Headers.TryAddWithoutValidation("x-amz-copy-source-if-match", ifMatch);
            }
        });

        foreach (var improper in new[] { "x", "bytes=0", "bytes=hello-world", "bytes=0-bar", "bytes=hello-", "bytes=0-2,3-5", "bytes=-5", "bytes=5-", "bytes=9-3" })
        {
            var response = await Send(improper);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("<Code>InvalidArgument</Code>", await response.Content.ReadAsStringAsync());
        }

        foreach (var beyond in new[] { "bytes=0-100", "bytes=100-100", "bytes=0-21000" })
        {
            var response = await Send(beyond);
            Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, response.StatusCode);
            Assert.Contains("<Code>InvalidRange</Code>", await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(HttpStatusCode.PreconditionFailed, (await Send("bytes=0-9", "\"0123456789abcdef0123456789abcdef\"")).StatusCode);
        Assert.Empty(await ListPartNumbersAsync(bucket, "dst", uploadId));

        var ok = await Send("bytes=90-99", put.ETag);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var document = System.Xml.Linq.XDocument.Parse(await ok.Content.ReadAsStringAsync());
        Assert.Equal("CopyPartResult", document.Root!.Name.LocalName);
        Assert.Equal("http://s3.amazonaws.com/doc/2006-03-01/", document.Root.Name.NamespaceName);
        Assert.Equal(["ETag", "LastModified"], document.Root.Elements().Select(e => e.Name.LocalName));
        Assert.Equal("\"" + Md5Hex(RandomBytes(100, 1)[90..]) + "\"", document.Root.Elements().First().Value);

        var noUpload = await S3Error(() => S3.CopyPartAsync(new CopyPartRequest { SourceBucket = bucket, SourceKey = "src", DestinationBucket = bucket, DestinationKey = "dst", UploadId = "0123456789abcdef0123456789abcdef", PartNumber = 1 }));
        Assert.Equal((HttpStatusCode.NotFound, "NoSuchUpload"), (noUpload.StatusCode, noUpload.ErrorCode));
    }

    /// <summary>A part copied into an encrypted upload is stored encrypted: the source's plain blob is not shared, its bytes are copied.</summary>
    [Fact]
    public async Task CopyPartIntoAnEncryptedUploadCopiesTheBytesEncrypted()
    {
        var bucket = await NewBucketAsync();
        var data = RandomBytes(6 * MiB, 5);
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "plain", InputStream = new MemoryStream(data) });
        var upload = await Host.Get<IGrainFactory>().GetGrain<IObjectGrain>(ObjectKey.Format(bucket, "sealed")).Initiate(new ObjectSettings { Encrypted = true });
        var before = (await BlobsAsync());

        var part = await S3.CopyPartAsync(new CopyPartRequest { SourceBucket = bucket, SourceKey = "plain", DestinationBucket = bucket, DestinationKey = "sealed", UploadId = upload.UploadId, PartNumber = 1 });
        var written = Assert.Single((await BlobsAsync()).Except(before));
        Assert.EndsWith("z", written);
        Assert.Equal(Md5Hex(data), part.ETag.Trim('"'));
        await CompleteAsync(bucket, "sealed", upload.UploadId, [new PartETag(1, part.ETag)]);
        Assert.Equal(data, await GetBytesAsync(bucket, "sealed"));
    }

    [Fact]
    public async Task Boto3CopyObjectAndUploadPartCopy()
    {
        var bucket = await NewBucketAsync();
        var (exitCode, output) = await Boto3.RunAsync(Boto3.SigV4ClientScript + """
            data = os.urandom(6 * 1024 * 1024)
            s3.put_object(Bucket=bucket, Key='src key/ü', Body=io.BytesIO(data), Metadata={'a': 'b'})
            r = s3.copy_object(Bucket=bucket, Key='copy', CopySource={'Bucket': bucket, 'Key': 'src key/ü'})
            assert r['CopyObjectResult']['ETag'] == s3.head_object(Bucket=bucket, Key='src key/ü')['ETag'], r
            got = s3.get_object(Bucket=bucket, Key='copy')
            assert got['Body'].read() == data and got['Metadata'] == {'a': 'b'}, got['Metadata']
            try:
                s3.copy_object(Bucket=bucket, Key='copy', CopySource={'Bucket': bucket, 'Key': 'src key/ü'}, CopySourceIfNoneMatch=r['CopyObjectResult']['ETag'])
                raise SystemExit('a failing copy condition was ignored')
            except botocore.exceptions.ClientError as e:
                assert e.response['Error']['Code'] == 'PreconditionFailed', e.response
            up = s3.create_multipart_upload(Bucket=bucket, Key='mp')['UploadId']
            p1 = s3.upload_part_copy(Bucket=bucket, Key='mp', UploadId=up, PartNumber=1, CopySource={'Bucket': bucket, 'Key': 'copy'}, CopySourceRange='bytes=0-5242879')
            p2 = s3.upload_part_copy(Bucket=bucket, Key='mp', UploadId=up, PartNumber=2, CopySource=bucket + '/src key/ü')
            parts = [{'PartNumber': 1, 'ETag': p1['CopyPartResult']['ETag']}, {'PartNumber': 2, 'ETag': p2['CopyPartResult']['ETag']}]
            s3.complete_multipart_upload(Bucket=bucket, Key='mp', UploadId=up, MultipartUpload={'Parts': parts})
            assert s3.get_object(Bucket=bucket, Key='mp')['Body'].read() == data[:5242880] + data
            print('ok')
            """, Host.BaseAddress.ToString().TrimEnd('/'), bucket, ServiceHost.AccessKey, ServiceHost.SecretKey);
        Assert.True(exitCode == 0, output);
        Assert.StartsWith("ok", output);
    }
}

public sealed class SqliteS3CopyTests(SqliteServiceFixture fixture) : S3CopyTests(fixture), IClassFixture<SqliteServiceFixture>;

public sealed class PostgresS3CopyTests(PostgresServiceFixture fixture) : S3CopyTests(fixture), IClassFixture<PostgresServiceFixture>;
