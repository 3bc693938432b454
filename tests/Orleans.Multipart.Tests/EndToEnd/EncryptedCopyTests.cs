using System.Net;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// CopyObject and UploadPartCopy from and into SSE-S3 and SSE-C objects, with AWSSDK.S3 and boto3: the
/// source's customer key reads it (x-amz-copy-source-server-side-encryption-customer-*), the destination
/// is encrypted as asked; encrypted alike the blobs are shared, otherwise the bytes are re-encrypted. No
/// key is stored or logged, and no encrypted copy leaves plaintext on disk.
/// </summary>
public sealed class EncryptedCopyTests(ServerSideEncryptionTests.LoggedServiceFixture fixture) : S3TestBase(fixture), IClassFixture<ServerSideEncryptionTests.LoggedServiceFixture>
{
    private static readonly byte[] KeyA = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] KeyB = RandomNumberGenerator.GetBytes(32);

    private const string Plain = "plain";
    private const string ServiceKey = "sse-s3";
    private const string CustomerA = "sse-c key A";
    private const string CustomerB = "sse-c key B";

    private static string Base64(byte[] bytes) => Convert.ToBase64String(bytes);

    private static string KeyMd5(byte[] key) => Convert.ToBase64String(MD5.HashData(key));

    private static byte[]? CustomerKey(string mode) => mode switch
    {
        CustomerA => KeyA,
        CustomerB => KeyB,
        _ => null,
    };

    /// <summary>
    /// Every source encryption to every destination encryption (what the copy asks; "plain" asks nothing), the
    /// encryption the copy gets, and whether it shares the source's blobs (exactly when the two are alike). A copy
    /// that asks nothing of an SSE-S3 source stays SSE-S3: a copy never quietly stores an encrypted object's plaintext.
    /// </summary>
    public static TheoryData<string, string, string, bool> Pairs()
    {
        var data = new TheoryData<string, string, string, bool>();
        foreach (var source in new[] { Plain, ServiceKey, CustomerA })
        {
            foreach (var asked in new[] { Plain, ServiceKey, CustomerA, CustomerB })
            {
                var gets = asked == Plain && source == ServiceKey ? ServiceKey : asked;
                data.Add(source, asked, gets, source == gets);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public async Task CopyObjectFromAndIntoEncryptedObjectsReadsBackByteForByte(string sourceMode, string askedMode, string destinationMode, bool shared)
    {
        var bucket = await NewBucketAsync();
        var data = RandomBytes(700_000, 21);
        await PutAsync(bucket, "src", data, sourceMode);
        var before = (await BlobsAsync());

        var copy = new CopyObjectRequest { SourceBucket = bucket, SourceKey = "src", DestinationBucket = bucket, DestinationKey = "dst" };
        if (CustomerKey(sourceMode) is { } sourceKey)
        {
            copy.CopySourceServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256;
            copy.CopySourceServerSideEncryptionCustomerProvidedKey = Base64(sourceKey);
        }

        if (askedMode == ServiceKey)
        {
            copy.ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256;
        }
        else if (CustomerKey(askedMode) is { } destinationKey)
        {
            copy.ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256;
            copy.ServerSideEncryptionCustomerProvidedKey = Base64(destinationKey);
        }

        var copied = await S3.CopyObjectAsync(copy);
        AssertEncryptionAnswered(destinationMode, copied.ServerSideEncryptionMethod, copied.ServerSideEncryptionCustomerMethod, copied.ServerSideEncryptionCustomerProvidedKeyMD5);

        var written = (await BlobsAsync()).Except(before).ToList();
        if (shared)
        {
            Assert.Empty(written);
        }
        else
        {
            var blob = Assert.Single(written);
            if (destinationMode != Plain)
            {
                await AssertNotInAsync(blob, data);
            }
        }

        Assert.Equal(data, await ReadAsync(bucket, "dst", destinationMode));
        var head = await S3.GetObjectMetadataAsync(WithKey(new GetObjectMetadataRequest { BucketName = bucket, Key = "dst" }, destinationMode));
        AssertEncryptionAnswered(destinationMode, head.ServerSideEncryptionMethod, head.ServerSideEncryptionCustomerMethod, head.ServerSideEncryptionCustomerProvidedKeyMD5);
        if (CustomerKey(destinationMode) is not null)
        {
            var withoutKey = await S3Error(() => GetBytesAsync(bucket, "dst"));
            Assert.Equal((HttpStatusCode.BadRequest, "InvalidRequest"), (withoutKey.StatusCode, withoutKey.ErrorCode));
        }

        // The source is untouched and still reads only as before.
        Assert.Equal(data, await ReadAsync(bucket, "src", sourceMode));
        AssertKeyNeverLogged(KeyA, KeyB);
    }

    /// <summary>Every source encryption into every upload encryption: a part is encrypted as its upload is, sharing the source's blob exactly when the two are alike.</summary>
    public static TheoryData<string, string, bool> PartPairs()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (var source in new[] { Plain, ServiceKey, CustomerA })
        {
            foreach (var upload in new[] { Plain, ServiceKey, CustomerA, CustomerB })
            {
                data.Add(source, upload, source == upload);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PartPairs))]
    public async Task UploadPartCopyFromAndIntoEncryptedObjectsCompletesByteForByte(string sourceMode, string uploadMode, bool shared)
    {
        var bucket = await NewBucketAsync();
        var data = RandomBytes(5 * MiB + 1000, 22);
        await PutAsync(bucket, "src", data, sourceMode);
        var initiate = new InitiateMultipartUploadRequest { BucketName = bucket, Key = "mp" };
        if (uploadMode == ServiceKey)
        {
            initiate.ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256;
        }
        else if (CustomerKey(uploadMode) is { } uploadKey)
        {
            initiate.ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256;
            initiate.ServerSideEncryptionCustomerProvidedKey = Base64(uploadKey);
        }

        var uploadId = (await S3.InitiateMultipartUploadAsync(initiate)).UploadId;
        var before = (await BlobsAsync());

        // Part 1 is the whole source (shared when stored alike), part 2 a range of it (always a byte copy).
        var whole = await S3.CopyPartAsync(PartCopy(bucket, uploadId, 1, sourceMode, uploadMode, null));
        var blobsAfterWhole = (await BlobsAsync()).Except(before).ToList();
        Assert.Equal(shared ? 0 : 1, blobsAfterWhole.Count);
        // AWSSDK's CopyPartResponse carries no SSE-C fields: the boto3 test checks those.
        Assert.Equal(uploadMode == ServiceKey, whole.ServerSideEncryptionMethod == ServerSideEncryptionMethod.AES256);
        Assert.Equal(Md5Hex(data), whole.ETag.Trim('"'));
        var range = await S3.CopyPartAsync(PartCopy(bucket, uploadId, 2, sourceMode, uploadMode, (1000, 200_999)));
        Assert.Equal(Md5Hex(data.AsSpan(1000, 200_000).ToArray()), range.ETag.Trim('"'));
        if (uploadMode != Plain)
        {
            foreach (var blob in (await BlobsAsync()).Except(before))
            {
                await AssertNotInAsync(blob, data);
            }
        }

        await CompleteAsync(bucket, "mp", uploadId, [new PartETag(1, whole.ETag), new PartETag(2, range.ETag)]);
        Assert.Equal(data.Concat(data.AsSpan(1000, 200_000).ToArray()).ToArray(), await ReadAsync(bucket, "mp", uploadMode));
        AssertKeyNeverLogged(KeyA, KeyB);
    }

    /// <summary>The keys a copy needs, refused as S3 refuses them; nothing is written when a copy is refused.</summary>
    [Fact]
    public async Task CopiesWithoutTheRightKeysAreRefusedAndWriteNothing()
    {
        var bucket = await NewBucketAsync();
        var data = RandomBytes(6 * MiB, 23);
        await PutAsync(bucket, "sealed", data, CustomerA);
        await PutAsync(bucket, "plain", data, Plain);
        var uploadId = (await S3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
        {
            BucketName = bucket,
            Key = "mp",
            ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
            ServerSideEncryptionCustomerProvidedKey = Base64(KeyB),
        })).UploadId;
        var before = (await BlobsAsync());

        var cases = new (string Name, Func<Task> Call, HttpStatusCode Status, string Code)[]
        {
            ("SSE-C source without its key", () => S3.CopyObjectAsync(Copy(bucket, "sealed", null)), HttpStatusCode.BadRequest, "InvalidRequest"),
            ("SSE-C source with another key", () => S3.CopyObjectAsync(Copy(bucket, "sealed", KeyB)), HttpStatusCode.Forbidden, "AccessDenied"),
            ("a source key for a plain source", () => S3.CopyObjectAsync(Copy(bucket, "plain", KeyA)), HttpStatusCode.BadRequest, "InvalidRequest"),
            ("SSE-KMS destination", () => S3.CopyObjectAsync(Copy(bucket, "plain", null, r => r.ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS)), HttpStatusCode.NotImplemented, "NotImplemented"),
            ("part from an SSE-C source without its key", () => S3.CopyPartAsync(PartCopy(bucket, uploadId, 1, Plain, CustomerB, null, "sealed")), HttpStatusCode.BadRequest, "InvalidRequest"),
            ("part from an SSE-C source with another key", () => S3.CopyPartAsync(PartCopy(bucket, uploadId, 1, CustomerB, CustomerB, null, "sealed")), HttpStatusCode.Forbidden, "AccessDenied"),
            ("part into an SSE-C upload without its key", () => S3.CopyPartAsync(PartCopy(bucket, uploadId, 1, Plain, Plain, null, "plain")), HttpStatusCode.BadRequest, "InvalidRequest"),
            ("part into an SSE-C upload with the source's key", () => S3.CopyPartAsync(PartCopy(bucket, uploadId, 1, CustomerA, CustomerA, null, "sealed")), HttpStatusCode.BadRequest, "InvalidArgument"),
        };

        foreach (var (name, call, status, code) in cases)
        {
            var error = await S3Error(call);
            Assert.True((status, code) == (error.StatusCode, error.ErrorCode), $"{name}: {(int)error.StatusCode} {error.ErrorCode} {error.Message}");
        }

        Assert.Empty((await BlobsAsync()).Except(before));
        Assert.Equal(HttpStatusCode.NotFound, (await S3Error(() => S3.GetObjectMetadataAsync(bucket, "dst"))).StatusCode);
        Assert.Empty(await ListPartNumbersAsync(bucket, "mp", uploadId));
        AssertKeyNeverLogged(KeyA, KeyB);
    }

    /// <summary>A copy onto itself that changes only its encryption is a copy S3 allows, and re-encrypts in place.</summary>
    [Fact]
    public async Task CopyOntoItselfChangingOnlyEncryptionReEncrypts()
    {
        var bucket = await NewBucketAsync();
        var data = RandomBytes(100_000, 24);
        await PutAsync(bucket, "k", data, Plain);
        await S3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = bucket, SourceKey = "k", DestinationBucket = bucket, DestinationKey = "k",
            ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256, ServerSideEncryptionCustomerProvidedKey = Base64(KeyA),
        });
        Assert.Equal(HttpStatusCode.BadRequest, (await S3Error(() => GetBytesAsync(bucket, "k"))).StatusCode);
        Assert.Equal(data, await ReadAsync(bucket, "k", CustomerA));
    }

    /// <summary>boto3, the way ceph/s3-tests copies between encryptions (its keys and calls).</summary>
    [Fact]
    public async Task Boto3CopiesBetweenSseCAndSseS3()
    {
        var bucket = await NewBucketAsync();
        var (exitCode, output) = await Boto3.RunAsync(Boto3.SigV4ClientScript + """
            import base64, hashlib
            key_a, key_b = base64.b64decode(sys.argv[5]), base64.b64decode(sys.argv[6])
            src = dict(SSECustomerAlgorithm='AES256', SSECustomerKey=key_a)
            src_copy = dict(CopySourceSSECustomerAlgorithm='AES256', CopySourceSSECustomerKey=key_a)
            dst = dict(SSECustomerAlgorithm='AES256', SSECustomerKey=key_b)
            data = os.urandom(8 * 1024 * 1024)
            s3.put_object(Bucket=bucket, Key='c', Body=data, **src)
            r = s3.copy_object(Bucket=bucket, Key='s3', CopySource={'Bucket': bucket, 'Key': 'c'}, ServerSideEncryption='AES256', **src_copy)
            assert r['ServerSideEncryption'] == 'AES256', r
            got = s3.get_object(Bucket=bucket, Key='s3')
            assert got['ServerSideEncryption'] == 'AES256' and got['Body'].read() == data
            r = s3.copy_object(Bucket=bucket, Key='c2', CopySource={'Bucket': bucket, 'Key': 's3'}, **dst)
            assert r['SSECustomerKeyMD5'] == base64.b64encode(hashlib.md5(key_b).digest()).decode(), r
            assert s3.get_object(Bucket=bucket, Key='c2', **dst)['Body'].read() == data
            up = s3.create_multipart_upload(Bucket=bucket, Key='mp', **dst)['UploadId']
            try:
                s3.upload_part_copy(Bucket=bucket, Key='mp', PartNumber=1, UploadId=up, CopySource={'Bucket': bucket, 'Key': 'c'}, **src_copy)
                raise SystemExit('a part of an SSE-C upload was copied without its key')
            except botocore.exceptions.ClientError as e:
                assert e.response['ResponseMetadata']['HTTPStatusCode'] == 400, e.response
            p = s3.upload_part_copy(Bucket=bucket, Key='mp', PartNumber=1, UploadId=up, CopySource={'Bucket': bucket, 'Key': 'c'}, **src_copy, **dst)
            assert p['SSECustomerAlgorithm'] == 'AES256', p
            parts = [{'PartNumber': 1, 'ETag': p['CopyPartResult']['ETag']}]
            s3.complete_multipart_upload(Bucket=bucket, Key='mp', UploadId=up, MultipartUpload={'Parts': parts})
            assert s3.get_object(Bucket=bucket, Key='mp', **dst)['Body'].read() == data
            print('ok')
            """,
            Host.BaseAddress.ToString().TrimEnd('/'), bucket, ServiceHost.AccessKey, ServiceHost.SecretKey, Base64(KeyA), Base64(KeyB));
        Assert.True(exitCode == 0, output);
        Assert.StartsWith("ok", output);
        AssertKeyNeverLogged(KeyA, KeyB);
    }

    private async Task PutAsync(string bucket, string key, byte[] data, string mode)
    {
        var put = new PutObjectRequest { BucketName = bucket, Key = key, InputStream = new MemoryStream(data) };
        if (mode == ServiceKey)
        {
            put.ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256;
        }
        else if (CustomerKey(mode) is { } customer)
        {
            put.ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256;
            put.ServerSideEncryptionCustomerProvidedKey = Base64(customer);
        }

        await S3.PutObjectAsync(put);
    }

    private Task<byte[]> ReadAsync(string bucket, string key, string mode) =>
        GetBytesAsync(bucket, key, r =>
        {
            if (CustomerKey(mode) is { } customer)
            {
                (r.ServerSideEncryptionCustomerMethod, r.ServerSideEncryptionCustomerProvidedKey) = (ServerSideEncryptionCustomerMethod.AES256, Base64(customer));
            }
        });

    private static GetObjectMetadataRequest WithKey(GetObjectMetadataRequest request, string mode)
    {
        if (CustomerKey(mode) is { } customer)
        {
            (request.ServerSideEncryptionCustomerMethod, request.ServerSideEncryptionCustomerProvidedKey) = (ServerSideEncryptionCustomerMethod.AES256, Base64(customer));
        }

        return request;
    }

    private static CopyObjectRequest Copy(string bucket, string sourceKey, byte[]? copySourceKey, Action<CopyObjectRequest>? customize = null)
    {
        var request = new CopyObjectRequest { SourceBucket = bucket, SourceKey = sourceKey, DestinationBucket = bucket, DestinationKey = "dst" };
        if (copySourceKey is not null)
        {
            request.CopySourceServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256;
            request.CopySourceServerSideEncryptionCustomerProvidedKey = Base64(copySourceKey);
        }

        customize?.Invoke(request);
        return request;
    }

    private static CopyPartRequest PartCopy(string bucket, string uploadId, int number, string sourceMode, string uploadMode, (long First, long Last)? range, string sourceKey = "src")
    {
        var request = new CopyPartRequest { SourceBucket = bucket, SourceKey = sourceKey, DestinationBucket = bucket, DestinationKey = "mp", UploadId = uploadId, PartNumber = number };
        if (range is { } r)
        {
            (request.FirstByte, request.LastByte) = (r.First, r.Last);
        }

        if (CustomerKey(sourceMode) is { } source)
        {
            request.CopySourceServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256;
            request.CopySourceServerSideEncryptionCustomerProvidedKey = Base64(source);
        }

        if (CustomerKey(uploadMode) is { } upload)
        {
            request.ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256;
            request.ServerSideEncryptionCustomerProvidedKey = Base64(upload);
        }

        return request;
    }

    private static void AssertEncryptionAnswered(string mode, ServerSideEncryptionMethod? method, ServerSideEncryptionCustomerMethod? customer, string? customerMd5)
    {
        Assert.Equal(mode == ServiceKey, method == ServerSideEncryptionMethod.AES256);
        if (CustomerKey(mode) is { } key)
        {
            Assert.Equal(ServerSideEncryptionCustomerMethod.AES256, customer);
            Assert.Equal(KeyMd5(key), customerMd5);
        }
        else
        {
            Assert.True(customer is null || customer == ServerSideEncryptionCustomerMethod.None, $"{mode}: answered SSE-C {customer}");
        }
    }

    private async Task AssertNotInAsync(string blob, byte[] plaintext)
    {
        var probe = plaintext.AsSpan(plaintext.Length / 2, 64).ToArray();
        Assert.Equal(-1, (await Host.ReadBlobAsync(blob)).AsSpan().IndexOf(probe));
    }

    /// <summary>Neither a key's base64 nor its hex appears in any log line or logged value.</summary>
    private void AssertKeyNeverLogged(params byte[][] keys)
    {
        var entries = fixture.Logs.Entries.ToList();
        Assert.Contains(entries, e => e.Category == "Orleans.Multipart.Gateway.Core.DialectRouter");
        foreach (var key in keys)
        {
            foreach (var text in new[] { Base64(key), Convert.ToHexString(key), Convert.ToHexStringLower(key) })
            {
                Assert.DoesNotContain(entries, e => e.Message.Contains(text, StringComparison.Ordinal)
                    || e.Values.Values.Any(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)?.Contains(text, StringComparison.Ordinal) == true));
            }
        }
    }
}
