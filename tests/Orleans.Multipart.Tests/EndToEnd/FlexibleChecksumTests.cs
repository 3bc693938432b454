using System.Buffers.Binary;
using System.IO.Hashing;
using System.Net;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.S3.Transfer;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// S3 flexible checksums end to end with AWSSDK.S3 and boto3: the upload's algorithm and type, part
/// checksums stored and listed, Complete's composite and full-object checksums (computed from the
/// parts, checked against what the client sends), and the checksum on GET/HEAD and GetObjectAttributes.
/// </summary>
public abstract class FlexibleChecksumTests(ServiceFixture fixture) : S3TestBase(fixture)
{
    private static readonly byte[] First = RandomBytes(5 * MiB, 11);
    private static readonly byte[] Second = RandomBytes(MiB + 7, 12);

    private static byte[] Digest(string algorithm, byte[] data)
    {
        switch (algorithm)
        {
            case "CRC32":
                return Big((uint)Crc32.HashToUInt32(data));
            case "CRC32C":
                var c = new Crc32(Crc32ParameterSet.Crc32C);
                c.Append(data);
                return Big(c.GetCurrentHashAsUInt32());
            case "CRC64NVME":
                var n = new Crc64(Crc64ParameterSet.Nvme);
                n.Append(data);
                var bytes = new byte[8];
                BinaryPrimitives.WriteUInt64BigEndian(bytes, n.GetCurrentHashAsUInt64());
                return bytes;
            case "SHA1":
                return SHA1.HashData(data);
            default:
                return SHA256.HashData(data);
        }

        static byte[] Big(uint value)
        {
            var bytes = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
            return bytes;
        }
    }

    private static string B64(byte[] value) => Convert.ToBase64String(value);

    /// <summary>What S3 answers for the two-part object: composite = the algorithm over the part checksums, "-2"; full-object = the checksum of all bytes.</summary>
    private static string Expected(string algorithm, string type) => type == "COMPOSITE"
        ? B64(Digest(algorithm, [.. Digest(algorithm, First), .. Digest(algorithm, Second)])) + "-2"
        : B64(Digest(algorithm, [.. First, .. Second]));

    /// <summary>
    /// UploadPartCopy into an upload that declared SHA256: a whole source part stored with a SHA256 checksum is
    /// shared and brings it; a source in another algorithm is copied byte for byte and gets its SHA256 computed;
    /// CopyPartResult lists each and Complete combines them.
    /// </summary>
    [Fact]
    public async Task CopiedPartsCarryTheUploadsChecksum()
    {
        var bucket = await NewBucketAsync();
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "sha", InputStream = new MemoryStream(First), ChecksumAlgorithm = ChecksumAlgorithm.SHA256 });
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "crc", InputStream = new MemoryStream(Second), ChecksumAlgorithm = ChecksumAlgorithm.CRC32 });
        var upload = await S3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = bucket, Key = "copy", ChecksumAlgorithm = ChecksumAlgorithm.SHA256 });

        var shared = await S3.CopyPartAsync(new CopyPartRequest { SourceBucket = bucket, SourceKey = "sha", DestinationBucket = bucket, DestinationKey = "copy", UploadId = upload.UploadId, PartNumber = 1 });
        var copied = await S3.CopyPartAsync(new CopyPartRequest { SourceBucket = bucket, SourceKey = "crc", DestinationBucket = bucket, DestinationKey = "copy", UploadId = upload.UploadId, PartNumber = 2 });
        Assert.Equal(B64(Digest("SHA256", First)), shared.ChecksumSHA256);
        Assert.Equal(B64(Digest("SHA256", Second)), copied.ChecksumSHA256);

        var completed = await S3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = bucket, Key = "copy", UploadId = upload.UploadId,
            PartETags = [new PartETag { PartNumber = 1, ETag = shared.ETag, ChecksumSHA256 = shared.ChecksumSHA256 }, new PartETag { PartNumber = 2, ETag = copied.ETag, ChecksumSHA256 = copied.ChecksumSHA256 }],
        });
        Assert.Equal(Expected("SHA256", "COMPOSITE"), completed.ChecksumSHA256);
        var read = await GetBytesAsync(bucket, "copy");
        Assert.Equal(First.Concat(Second).ToArray(), read);
    }

    private static string? ChecksumOf(string algorithm, string? crc32, string? crc32c, string? crc64, string? sha1, string? sha256) => algorithm switch
    {
        "CRC32" => crc32,
        "CRC32C" => crc32c,
        "CRC64NVME" => crc64,
        "SHA1" => sha1,
        _ => sha256,
    };

    private async Task<(string UploadId, List<PartETag> Parts)> UploadTwoPartsAsync(string bucket, string key, string algorithm, string? type)
    {
        var initiate = new InitiateMultipartUploadRequest { BucketName = bucket, Key = key, ChecksumAlgorithm = new ChecksumAlgorithm(algorithm) };
        if (type is not null)
        {
            initiate.ChecksumType = new ChecksumType(type);
        }

        var started = await S3.InitiateMultipartUploadAsync(initiate);
        Assert.Equal(algorithm, started.ChecksumAlgorithm?.Value);
        Assert.Equal(type ?? (algorithm == "CRC64NVME" ? "FULL_OBJECT" : "COMPOSITE"), started.ChecksumType?.Value);
        var parts = new List<PartETag>();
        foreach (var (number, data) in new[] { (1, First), (2, Second) })
        {
            var checksum = B64(Digest(algorithm, data));
            string etag;
            if (SdkComputes(algorithm))
            {
                var part = await S3.UploadPartAsync(new UploadPartRequest
                {
                    BucketName = bucket, Key = key, UploadId = started.UploadId, PartNumber = number, InputStream = new MemoryStream(data), ChecksumAlgorithm = new ChecksumAlgorithm(algorithm),
                });
                Assert.Equal(checksum, ChecksumOf(algorithm, part.ChecksumCRC32, part.ChecksumCRC32C, part.ChecksumCRC64NVME, part.ChecksumSHA1, part.ChecksumSHA256));
                etag = part.ETag;
            }
            else
            {
                // The SDK needs its native CRT package for CRC32C and CRC64NVME: these parts carry the header themselves.
                var header = "x-amz-checksum-" + algorithm.ToLowerInvariant();
                var response = await TestSigV4Signer.SendAsync(Http, HttpMethod.Put, $"/{bucket}/{key}?partNumber={number}&uploadId={started.UploadId}", data, customize: r => r.Headers.Add(header, checksum));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal(checksum, response.Headers.GetValues(header).Single());
                etag = response.Headers.ETag!.Tag;
            }

            parts.Add(WithChecksum(new PartETag(number, etag), algorithm, checksum));
        }

        return (started.UploadId, parts);
    }

    private static bool SdkComputes(string algorithm) => algorithm is "CRC32" or "SHA1" or "SHA256";

    private static PartETag WithChecksum(PartETag part, string algorithm, string checksum)
    {
        switch (algorithm)
        {
            case "CRC32": part.ChecksumCRC32 = checksum; break;
            case "CRC32C": part.ChecksumCRC32C = checksum; break;
            case "CRC64NVME": part.ChecksumCRC64NVME = checksum; break;
            case "SHA1": part.ChecksumSHA1 = checksum; break;
            default: part.ChecksumSHA256 = checksum; break;
        }

        return part;
    }

    [Theory]
    [InlineData("CRC32C", null)]
    [InlineData("SHA256", null)]
    [InlineData("SHA1", "COMPOSITE")]
    [InlineData("CRC64NVME", "FULL_OBJECT")]
    [InlineData("CRC32", "FULL_OBJECT")]
    public async Task AnUploadsDeclaredChecksumIsStoredListedCombinedAndReturned(string algorithm, string? type)
    {
        var bucket = await NewBucketAsync();
        var (uploadId, parts) = await UploadTwoPartsAsync(bucket, "k", algorithm, type);
        var effectiveType = type ?? (algorithm == "CRC64NVME" ? "FULL_OBJECT" : "COMPOSITE");

        var listed = await S3.ListPartsAsync(new ListPartsRequest { BucketName = bucket, Key = "k", UploadId = uploadId });
        Assert.Equal(algorithm, listed.ChecksumAlgorithm?.Value);
        Assert.Equal(effectiveType, listed.ChecksumType?.Value);
        Assert.Equal(B64(Digest(algorithm, Second)), ChecksumOf(algorithm, listed.Parts[1].ChecksumCRC32, listed.Parts[1].ChecksumCRC32C, listed.Parts[1].ChecksumCRC64NVME, listed.Parts[1].ChecksumSHA1, listed.Parts[1].ChecksumSHA256));
        var uploads = await S3.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket });
        var upload = Assert.Single(uploads.MultipartUploads);
        Assert.Equal((algorithm, effectiveType), (upload.ChecksumAlgorithm?.Value, upload.ChecksumType?.Value));

        var completed = await CompleteAsync(bucket, "k", uploadId, parts);
        var expected = Expected(algorithm, effectiveType);
        Assert.Equal(expected, ChecksumOf(algorithm, completed.ChecksumCRC32, completed.ChecksumCRC32C, completed.ChecksumCRC64NVME, completed.ChecksumSHA1, completed.ChecksumSHA256));
        Assert.Equal(effectiveType, completed.ChecksumType?.Value);

        var head = await S3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = "k", ChecksumMode = ChecksumMode.ENABLED });
        Assert.Equal(expected, ChecksumOf(algorithm, head.ChecksumCRC32, head.ChecksumCRC32C, head.ChecksumCRC64NVME, head.ChecksumSHA1, head.ChecksumSHA256));
        Assert.Equal(effectiveType, head.ChecksumType?.Value);

        // The SDK validates a full-object checksum while it reads; the bytes must come through whole.
        var whole = await GetBytesAsync(bucket, "k", r => r.ChecksumMode = SdkComputes(algorithm) ? ChecksumMode.ENABLED : null);
        Assert.Equal(First.Concat(Second).ToArray(), whole);

        // A part read carries the part's own checksum and the object's type, composite or full-object.
        var part2 = await S3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = "k", PartNumber = 2, ChecksumMode = ChecksumMode.ENABLED });
        var part2Checksum = ChecksumOf(algorithm, part2.ChecksumCRC32, part2.ChecksumCRC32C, part2.ChecksumCRC64NVME, part2.ChecksumSHA1, part2.ChecksumSHA256);
        Assert.Equal(B64(Digest(algorithm, Second)), part2Checksum);
        Assert.Equal(effectiveType, part2.ChecksumType?.Value);

        var attributes = await S3.GetObjectAttributesAsync(new GetObjectAttributesRequest
        {
            BucketName = bucket, Key = "k", MaxParts = 1,
            ObjectAttributes = [ObjectAttributes.ETag, ObjectAttributes.Checksum, ObjectAttributes.ObjectParts, ObjectAttributes.ObjectSize, ObjectAttributes.StorageClass],
        });
        Assert.Equal(MultipartETag(First, Second), attributes.ETag.Trim('"'));
        Assert.Equal(First.Length + Second.Length, attributes.ObjectSize);
        Assert.Equal(expected.Split('-')[0], ChecksumOf(algorithm, attributes.Checksum.ChecksumCRC32, attributes.Checksum.ChecksumCRC32C, attributes.Checksum.ChecksumCRC64NVME, attributes.Checksum.ChecksumSHA1, attributes.Checksum.ChecksumSHA256));
        Assert.Equal(effectiveType, attributes.Checksum.ChecksumType?.Value);
        Assert.Equal(2, attributes.ObjectParts.TotalPartsCount);
        Assert.True(attributes.ObjectParts.IsTruncated);
        var only = Assert.Single(attributes.ObjectParts.Parts);
        Assert.Equal(1, only.PartNumber);
        Assert.Equal(First.Length, only.Size);
        Assert.Equal(B64(Digest(algorithm, First)), ChecksumOf(algorithm, only.ChecksumCRC32, only.ChecksumCRC32C, only.ChecksumCRC64NVME, only.ChecksumSHA1, only.ChecksumSHA256));
    }

    [Fact]
    public async Task SdkDefaultsCompleteAMultipartUploadWithAChecksumTheSdkValidates()
    {
        var bucket = await NewBucketAsync();
        var data = RandomBytes(12 * MiB, 21);
        using var transfer = new TransferUtility(S3);
        await transfer.UploadAsync(new TransferUtilityUploadRequest { BucketName = bucket, Key = "big", InputStream = new MemoryStream(data), PartSize = 5 * MiB });

        var head = await S3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = "big", ChecksumMode = ChecksumMode.ENABLED });
        Assert.Equal(3, head.PartsCount ?? 3);
        Assert.NotNull(head.ChecksumCRC32);
        Assert.NotNull(head.ChecksumType);
        Assert.Equal(data, await GetBytesAsync(bucket, "big", r => r.ChecksumMode = ChecksumMode.ENABLED));
    }

    [Fact]
    public async Task PutObjectStoresTheChecksumItWasSentAndReturnsItOnRead()
    {
        var bucket = await NewBucketAsync();
        var data = RandomBytes(100_000, 31);
        var put = await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "p", InputStream = new MemoryStream(data), ChecksumAlgorithm = ChecksumAlgorithm.SHA1 });
        Assert.Equal(B64(Digest("SHA1", data)), put.ChecksumSHA1);
        var head = await S3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = "p", ChecksumMode = ChecksumMode.ENABLED });
        Assert.Equal(B64(Digest("SHA1", data)), head.ChecksumSHA1);
        Assert.Equal("FULL_OBJECT", head.ChecksumType?.Value);
        var plain = await S3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = "p" });
        Assert.Null(plain.ChecksumSHA1);
        Assert.Equal(data, await GetBytesAsync(bucket, "p", r => r.ChecksumMode = ChecksumMode.ENABLED));
    }

    [Fact]
    public async Task AWrongPartChecksumOnCompleteIsInvalidPart()
    {
        var bucket = await NewBucketAsync();
        var (uploadId, parts) = await UploadTwoPartsAsync(bucket, "k", "SHA256", null);
        parts[1].ChecksumSHA256 = B64(SHA256.HashData(First));
        var error = await S3Error(() => CompleteAsync(bucket, "k", uploadId, parts));
        Assert.Equal((HttpStatusCode.BadRequest, "InvalidPart"), (error.StatusCode, error.ErrorCode));

        parts[1].ChecksumSHA256 = null;
        error = await S3Error(() => CompleteAsync(bucket, "k", uploadId, parts));
        Assert.Equal((HttpStatusCode.BadRequest, "InvalidRequest"), (error.StatusCode, error.ErrorCode));
    }

    [Fact]
    public async Task AWrongFullObjectChecksumIsBadDigestAndTheUploadStaysCompletable()
    {
        var bucket = await NewBucketAsync();
        var (uploadId, parts) = await UploadTwoPartsAsync(bucket, "k", "CRC64NVME", "FULL_OBJECT");
        var request = new CompleteMultipartUploadRequest { BucketName = bucket, Key = "k", UploadId = uploadId, PartETags = parts, ChecksumCRC64NVME = B64(Digest("CRC64NVME", First)), ChecksumType = ChecksumType.FULL_OBJECT };
        var error = await S3Error(() => S3.CompleteMultipartUploadAsync(request));
        Assert.Equal((HttpStatusCode.BadRequest, "BadDigest"), (error.StatusCode, error.ErrorCode));
        Assert.Equal([1, 2], await ListPartNumbersAsync(bucket, "k", uploadId));

        request.ChecksumCRC64NVME = Expected("CRC64NVME", "FULL_OBJECT");
        var completed = await S3.CompleteMultipartUploadAsync(request);
        Assert.Equal(Expected("CRC64NVME", "FULL_OBJECT"), completed.ChecksumCRC64NVME);
    }

    [Fact]
    public async Task InvalidCombinationsAndMismatchedPartsAreInvalidRequest()
    {
        var bucket = await NewBucketAsync();
        var error = await S3Error(() => S3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = bucket, Key = "k", ChecksumAlgorithm = ChecksumAlgorithm.SHA256, ChecksumType = ChecksumType.FULL_OBJECT }));
        Assert.Equal((HttpStatusCode.BadRequest, "InvalidRequest"), (error.StatusCode, error.ErrorCode));
        error = await S3Error(() => S3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = bucket, Key = "k", ChecksumAlgorithm = ChecksumAlgorithm.CRC64NVME, ChecksumType = ChecksumType.COMPOSITE }));
        Assert.Equal((HttpStatusCode.BadRequest, "InvalidRequest"), (error.StatusCode, error.ErrorCode));

        var upload = await S3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = bucket, Key = "k", ChecksumAlgorithm = ChecksumAlgorithm.SHA256 });
        error = await S3Error(() => S3.UploadPartAsync(new UploadPartRequest { BucketName = bucket, Key = "k", UploadId = upload.UploadId, PartNumber = 1, InputStream = new MemoryStream(First), ChecksumAlgorithm = ChecksumAlgorithm.CRC32 }));
        Assert.Equal((HttpStatusCode.BadRequest, "InvalidRequest"), (error.StatusCode, error.ErrorCode));
        Assert.Empty(await ListPartNumbersAsync(bucket, "k", upload.UploadId));
    }

    [Fact]
    public async Task Boto3CompletesASha256UploadAndReadsItsChecksum()
    {
        var bucket = await NewBucketAsync();
        var (exitCode, output) = await Boto3.RunAsync("""
            import io, sys, hashlib, base64, boto3
            from botocore.config import Config
            endpoint, bucket, ak, sk = sys.argv[1:5]
            s3 = boto3.client('s3', endpoint_url=endpoint, aws_access_key_id=ak, aws_secret_access_key=sk, region_name='us-east-1',
                              config=Config(signature_version='s3v4', s3={'addressing_style': 'path'}, retries={'max_attempts': 1}))
            parts = [b'a' * (5 * 1024 * 1024), b'b' * 1000]
            up = s3.create_multipart_upload(Bucket=bucket, Key='k', ChecksumAlgorithm='SHA256')
            assert up['ChecksumAlgorithm'] == 'SHA256', up
            listed = []
            for i, body in enumerate(parts, 1):
                r = s3.upload_part(Bucket=bucket, Key='k', UploadId=up['UploadId'], PartNumber=i, Body=io.BytesIO(body), ChecksumAlgorithm='SHA256')
                assert r['ChecksumSHA256'] == base64.b64encode(hashlib.sha256(body).digest()).decode(), r
                listed.append({'PartNumber': i, 'ETag': r['ETag'], 'ChecksumSHA256': r['ChecksumSHA256']})
            done = s3.complete_multipart_upload(Bucket=bucket, Key='k', UploadId=up['UploadId'], MultipartUpload={'Parts': listed})
            composite = base64.b64encode(hashlib.sha256(b''.join(hashlib.sha256(p).digest() for p in parts)).digest()).decode() + '-2'
            assert done['ChecksumSHA256'] == composite, done
            head = s3.head_object(Bucket=bucket, Key='k', ChecksumMode='ENABLED')
            assert head['ChecksumSHA256'] == composite, head
            print('ok')
            """, Host.BaseAddress.ToString().TrimEnd('/'), bucket, ServiceHost.AccessKey, ServiceHost.SecretKey);
        Assert.True(exitCode == 0, output);
    }
}

public sealed class SqliteFlexibleChecksumTests(SqliteServiceFixture fixture) : FlexibleChecksumTests(fixture), IClassFixture<SqliteServiceFixture>;

public sealed class PostgresFlexibleChecksumTests(PostgresServiceFixture fixture) : FlexibleChecksumTests(fixture), IClassFixture<PostgresServiceFixture>;
