using System.Net;
using System.Security.Cryptography;
using System.Xml.Linq;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// Server-side encryption in the s3 dialect, with AWSSDK.S3 and boto3: SSE-S3 (x-amz-server-side-encryption:
/// AES256), the bucket default (?encryption), SSE-C with the customer's key (never stored nor logged), SSE-KMS refused.
/// </summary>
public sealed class ServerSideEncryptionTests(ServerSideEncryptionTests.LoggedServiceFixture fixture) : S3TestBase(fixture), IClassFixture<ServerSideEncryptionTests.LoggedServiceFixture>
{
    private static readonly byte[] KeyA = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] KeyB = RandomNumberGenerator.GetBytes(32);

    /// <summary>The service with every log line captured (Debug and up), to prove no key reaches one.</summary>
    public sealed class LoggedServiceFixture() : ServiceFixture(StoreKind.Sqlite, new Dictionary<string, string>
    {
        ["Logging:LogLevel:Orleans.Multipart"] = "Debug",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug",
    }), IAsyncLifetime
    {
        public CapturingLoggerProvider Logs { get; } = new();

        async Task IAsyncLifetime.InitializeAsync()
        {
            await InitializeAsync();
            Host.Services.GetRequiredService<ILoggerFactory>().AddProvider(Logs);
        }
    }

    private static string Base64(byte[] bytes) => Convert.ToBase64String(bytes);

    private static string KeyMd5(byte[] key) => Convert.ToBase64String(MD5.HashData(key));

    [Fact]
    public async Task PutObjectWithAes256IsStoredEncryptedAndSaysSoOnEveryResponse()
    {
        var bucket = await NewBucketAsync();
        var before = (await BlobsAsync());
        var data = RandomBytes(100_000, 1);
        var put = await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "k", InputStream = new MemoryStream(data), ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256 });
        Assert.Equal(ServerSideEncryptionMethod.AES256, put.ServerSideEncryptionMethod);

        using var got = await S3.GetObjectAsync(bucket, "k");
        Assert.Equal(ServerSideEncryptionMethod.AES256, got.ServerSideEncryptionMethod);
        var head = await S3.GetObjectMetadataAsync(bucket, "k");
        Assert.Equal(ServerSideEncryptionMethod.AES256, head.ServerSideEncryptionMethod);
        Assert.Equal(data, await GetBytesAsync(bucket, "k"));
        await AssertNotStoredAsync(before, data);

        // A plain object says nothing about encryption.
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "plain", ContentBody = "x" });
        var plain = await S3.GetObjectMetadataAsync(bucket, "plain");
        Assert.True(plain.ServerSideEncryptionMethod is null || plain.ServerSideEncryptionMethod == ServerSideEncryptionMethod.None);
    }

    [Fact]
    public async Task MultipartWithAes256AnswersItOnInitiatePartAndComplete()
    {
        var bucket = await NewBucketAsync();
        var initiate = await S3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = bucket, Key = "mp", ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256 });
        Assert.Equal(ServerSideEncryptionMethod.AES256, initiate.ServerSideEncryptionMethod);
        var data = RandomBytes(1000, 2);
        var part = await S3.UploadPartAsync(new UploadPartRequest { BucketName = bucket, Key = "mp", UploadId = initiate.UploadId, PartNumber = 1, InputStream = new MemoryStream(data) });
        Assert.Equal(ServerSideEncryptionMethod.AES256, part.ServerSideEncryptionMethod);
        var complete = await CompleteAsync(bucket, "mp", initiate.UploadId, [new PartETag(1, part.ETag)]);
        Assert.Equal(ServerSideEncryptionMethod.AES256, complete.ServerSideEncryptionMethod);
        Assert.Equal(ServerSideEncryptionMethod.AES256, (await S3.GetObjectMetadataAsync(bucket, "mp")).ServerSideEncryptionMethod);
        Assert.Equal(data, await GetBytesAsync(bucket, "mp"));
    }

    [Theory]
    [InlineData("x-amz-server-side-encryption", "AES128", 400, "InvalidArgument")]
    [InlineData("x-amz-server-side-encryption", "aws:kms", 501, "NotImplemented")]
    [InlineData("x-amz-server-side-encryption", "aws:kms:dsse", 501, "NotImplemented")]
    [InlineData("x-amz-server-side-encryption-aws-kms-key-id", "arn:aws:kms:us-east-1:1:key/1", 501, "NotImplemented")]
    [InlineData("x-amz-server-side-encryption-context", "e30=", 501, "NotImplemented")]
    [InlineData("x-amz-server-side-encryption-bucket-key-enabled", "true", 501, "NotImplemented")]
    [InlineData("x-amz-server-side-encryption-customer-algorithm", "AES128", 400, "InvalidEncryptionAlgorithmError")]
    public async Task EncryptionThatIsNotOfferedIsRefusedNeverIgnored(string header, string value, int status, string code)
    {
        var bucket = await NewBucketAsync();
        foreach (var path in new[] { $"/{bucket}/refused", $"/{bucket}/refused?uploads" })
        {
            var method = path.EndsWith("?uploads", StringComparison.Ordinal) ? HttpMethod.Post : HttpMethod.Put;
            using var response = await TestSigV4Signer.SendAsync(Http, method, path, "x"u8.ToArray(), customize: r => r.Headers.TryAddWithoutValidation(header, value));
            var body = await response.Content.ReadAsStringAsync();
            Assert.Equal(status, (int)response.StatusCode);
            Assert.Equal(code, XDocument.Parse(body).Root!.Element("Code")!.Value);
            if (status == 501)
            {
                Assert.Contains("SSE-KMS", body, StringComparison.Ordinal);
            }
        }

        await Assert.ThrowsAsync<AmazonS3Exception>(() => S3.GetObjectMetadataAsync(bucket, "refused"));
    }

    [Fact]
    public async Task AwsSdkKmsRequestIsRefusedNamingSseKms()
    {
        var bucket = await NewBucketAsync();
        var error = await S3Error(() => S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "kms", ContentBody = "x", ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS }));
        Assert.Equal((HttpStatusCode.NotImplemented, "NotImplemented"), (error.StatusCode, error.ErrorCode));
        Assert.Contains("SSE-KMS", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BucketDefaultEncryptionRoundTripsAndEncryptsWritesThatDoNotAsk()
    {
        var bucket = await NewBucketAsync();

        // A fresh bucket has no default: this service does not encrypt what nobody asked it to (README).
        // (AWSSDK.S3 answers ServerSideEncryptionConfigurationNotFoundError as a configuration without rules.)
        await AssertNoDefaultEncryptionAsync(bucket);

        await S3.PutBucketEncryptionAsync(new PutBucketEncryptionRequest
        {
            BucketName = bucket,
            ServerSideEncryptionConfiguration = new ServerSideEncryptionConfiguration
            {
                ServerSideEncryptionRules = [new ServerSideEncryptionRule { ServerSideEncryptionByDefault = new ServerSideEncryptionByDefault { ServerSideEncryptionAlgorithm = ServerSideEncryptionMethod.AES256 } }],
            },
        });
        var read = await S3.GetBucketEncryptionAsync(new GetBucketEncryptionRequest { BucketName = bucket });
        var rule = Assert.Single(read.ServerSideEncryptionConfiguration.ServerSideEncryptionRules);
        Assert.Equal(ServerSideEncryptionMethod.AES256, rule.ServerSideEncryptionByDefault.ServerSideEncryptionAlgorithm);

        var before = (await BlobsAsync());
        var data = RandomBytes(50_000, 3);
        var put = await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "defaulted", InputStream = new MemoryStream(data) });
        Assert.Equal(ServerSideEncryptionMethod.AES256, put.ServerSideEncryptionMethod);
        await AssertNotStoredAsync(before, data);
        var initiate = await S3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = bucket, Key = "defaulted-mp" });
        Assert.Equal(ServerSideEncryptionMethod.AES256, initiate.ServerSideEncryptionMethod);

        await S3.DeleteBucketEncryptionAsync(new DeleteBucketEncryptionRequest { BucketName = bucket });
        await AssertNoDefaultEncryptionAsync(bucket);
        var after = await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "after", ContentBody = "x" });
        Assert.True(after.ServerSideEncryptionMethod is null || after.ServerSideEncryptionMethod == ServerSideEncryptionMethod.None);
    }

    [Fact]
    public async Task BucketEncryptionDocumentsAreAwsShaped()
    {
        var bucket = await NewBucketAsync();
        var kms = """<ServerSideEncryptionConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>aws:kms</SSEAlgorithm></ApplyServerSideEncryptionByDefault></Rule></ServerSideEncryptionConfiguration>"""u8.ToArray();
        using (var refused = await TestSigV4Signer.SendAsync(Http, HttpMethod.Put, $"/{bucket}?encryption", kms))
        {
            Assert.Equal(HttpStatusCode.NotImplemented, refused.StatusCode);
        }

        using (var malformed = await TestSigV4Signer.SendAsync(Http, HttpMethod.Put, $"/{bucket}?encryption", "<ServerSideEncryptionConfiguration/>"u8.ToArray()))
        {
            Assert.Equal("MalformedXML", XDocument.Parse(await malformed.Content.ReadAsStringAsync()).Root!.Element("Code")!.Value);
        }

        var aes = """<ServerSideEncryptionConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm></ApplyServerSideEncryptionByDefault></Rule></ServerSideEncryptionConfiguration>"""u8.ToArray();
        using (var put = await TestSigV4Signer.SendAsync(Http, HttpMethod.Put, $"/{bucket}?encryption", aes))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        using var get = await TestSigV4Signer.SendAsync(Http, HttpMethod.Get, $"/{bucket}?encryption");
        var ns = XNamespace.Get("http://s3.amazonaws.com/doc/2006-03-01/");
        var root = XDocument.Parse(await get.Content.ReadAsStringAsync()).Root!;
        Assert.Equal(ns + "ServerSideEncryptionConfiguration", root.Name);
        Assert.Equal("AES256", root.Element(ns + "Rule")!.Element(ns + "ApplyServerSideEncryptionByDefault")!.Element(ns + "SSEAlgorithm")!.Value);
        Assert.Equal("false", root.Element(ns + "Rule")!.Element(ns + "BucketKeyEnabled")!.Value);

        using var delete = await TestSigV4Signer.SendAsync(Http, HttpMethod.Delete, $"/{bucket}?encryption");
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        using var missing = await TestSigV4Signer.SendAsync(Http, HttpMethod.Get, "/no-such-bucket-sse?encryption");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("NoSuchBucket", XDocument.Parse(await missing.Content.ReadAsStringAsync()).Root!.Element("Code")!.Value);
    }

    [Fact]
    public async Task SseCMultipartReadsOnlyWithTheKeyAndIsNotPlaintextOnDisk()
    {
        var bucket = await NewBucketAsync();
        var before = (await BlobsAsync());
        var initiate = await S3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
        {
            BucketName = bucket,
            Key = "secret",
            ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
            ServerSideEncryptionCustomerProvidedKey = Base64(KeyA),
        });
        Assert.Equal(KeyMd5(KeyA), initiate.ServerSideEncryptionCustomerProvidedKeyMD5);
        var first = RandomBytes(5 * MiB, 4);
        var second = RandomBytes(123_456, 5);

        // Every part must send the upload's key: none, or another, is refused before a byte is stored.
        var noKey = await S3Error(() => S3.UploadPartAsync(new UploadPartRequest { BucketName = bucket, Key = "secret", UploadId = initiate.UploadId, PartNumber = 1, InputStream = new MemoryStream(first) }));
        Assert.Equal((HttpStatusCode.BadRequest, "InvalidRequest"), (noKey.StatusCode, noKey.ErrorCode));
        var otherKey = await S3Error(() => S3.UploadPartAsync(PartRequest(bucket, initiate.UploadId, 1, first, KeyB)));
        Assert.Equal((HttpStatusCode.BadRequest, "InvalidArgument"), (otherKey.StatusCode, otherKey.ErrorCode));

        var part1 = await S3.UploadPartAsync(PartRequest(bucket, initiate.UploadId, 1, first, KeyA));
        var part2 = await S3.UploadPartAsync(PartRequest(bucket, initiate.UploadId, 2, second, KeyA));
        await CompleteAsync(bucket, "secret", initiate.UploadId, [new PartETag(1, part1.ETag), new PartETag(2, part2.ETag)]);

        var plaintext = first.Concat(second).ToArray();
        var withKey = await GetBytesAsync(bucket, "secret", r => (r.ServerSideEncryptionCustomerMethod, r.ServerSideEncryptionCustomerProvidedKey) = (ServerSideEncryptionCustomerMethod.AES256, Base64(KeyA)));
        Assert.Equal(plaintext, withKey);
        using (var got = await S3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "secret", ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256, ServerSideEncryptionCustomerProvidedKey = Base64(KeyA) }))
        {
            Assert.Equal(ServerSideEncryptionCustomerMethod.AES256, got.ServerSideEncryptionCustomerMethod);
            Assert.Equal(KeyMd5(KeyA), got.ServerSideEncryptionCustomerProvidedKeyMD5);
        }

        // A range across the part boundary decrypts from the middle of both blobs.
        var range = await GetBytesAsync(bucket, "secret", r =>
        {
            (r.ServerSideEncryptionCustomerMethod, r.ServerSideEncryptionCustomerProvidedKey) = (ServerSideEncryptionCustomerMethod.AES256, Base64(KeyA));
            r.ByteRange = new ByteRange(5 * MiB - 10, 5 * MiB + 9);
        });
        Assert.Equal(plaintext.AsSpan(5 * MiB - 10, 20).ToArray(), range);

        var without = await S3Error(() => GetBytesAsync(bucket, "secret"));
        Assert.Equal((HttpStatusCode.BadRequest, "InvalidRequest"), (without.StatusCode, without.ErrorCode));
        var wrong = await S3Error(() => GetBytesAsync(bucket, "secret", r => (r.ServerSideEncryptionCustomerMethod, r.ServerSideEncryptionCustomerProvidedKey) = (ServerSideEncryptionCustomerMethod.AES256, Base64(KeyB))));
        Assert.Equal((HttpStatusCode.Forbidden, "AccessDenied"), (wrong.StatusCode, wrong.ErrorCode));
        var headWithout = await S3Error(() => S3.GetObjectMetadataAsync(bucket, "secret"));
        Assert.Equal(HttpStatusCode.BadRequest, headWithout.StatusCode);
        var head = await S3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = "secret", ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256, ServerSideEncryptionCustomerProvidedKey = Base64(KeyA) });
        Assert.Equal(KeyMd5(KeyA), head.ServerSideEncryptionCustomerProvidedKeyMD5);

        await AssertNotStoredAsync(before, first);
        await AssertNotStoredAsync(before, second);
        AssertKeyNeverLogged(KeyA, KeyB);
    }

    [Fact]
    public async Task SseCPutObjectRoundTripsWithAwsSdk()
    {
        var bucket = await NewBucketAsync();
        var put = await S3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = "single",
            ContentBody = "customer-keyed",
            ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
            ServerSideEncryptionCustomerProvidedKey = Base64(KeyA),
        });
        Assert.Equal(KeyMd5(KeyA), put.ServerSideEncryptionCustomerProvidedKeyMD5);
        var bytes = await GetBytesAsync(bucket, "single", r => (r.ServerSideEncryptionCustomerMethod, r.ServerSideEncryptionCustomerProvidedKey) = (ServerSideEncryptionCustomerMethod.AES256, Base64(KeyA)));
        Assert.Equal("customer-keyed"u8.ToArray(), bytes);

        // A key sent to read an object that has none is refused too (S3: the parameters are not applicable).
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "plain", ContentBody = "x" });
        var notApplicable = await S3Error(() => GetBytesAsync(bucket, "plain", r => (r.ServerSideEncryptionCustomerMethod, r.ServerSideEncryptionCustomerProvidedKey) = (ServerSideEncryptionCustomerMethod.AES256, Base64(KeyA))));
        Assert.Equal((HttpStatusCode.BadRequest, "InvalidRequest"), (notApplicable.StatusCode, notApplicable.ErrorCode));
    }

    public static TheoryData<string, string, string, string> BadCustomerKeys() => new()
    {
        { "AES256", Convert.ToBase64String(new byte[16]), KeyMd5(new byte[16]), "The secret key was invalid for the specified algorithm." },
        { "AES256", "not base64!", KeyMd5(KeyA), "The secret key was invalid for the specified algorithm." },
        { "AES256", Base64(KeyA), KeyMd5(KeyB), "The calculated MD5 hash of the key did not match the hash that was provided." },
        { "AES256", Base64(KeyA), "", "Requests specifying Server Side Encryption with Customer provided keys must provide the client calculated MD5 of the secret key." },
        { "AES256", "", KeyMd5(KeyA), "Requests specifying Server Side Encryption with Customer provided keys must provide an appropriate secret key." },
        { "", Base64(KeyA), KeyMd5(KeyA), "Requests specifying Server Side Encryption with Customer provided keys must provide a valid encryption algorithm." },
    };

    [Theory]
    [MemberData(nameof(BadCustomerKeys))]
    public async Task BadCustomerKeysAreInvalidArgumentWithAwsMessages(string algorithm, string key, string md5, string message)
    {
        var bucket = await NewBucketAsync();
        using var response = await TestSigV4Signer.SendAsync(Http, HttpMethod.Put, $"/{bucket}/bad-key", "x"u8.ToArray(), customize: r =>
        {
            AddIfSet(r, "x-amz-server-side-encryption-customer-algorithm", algorithm);
            AddIfSet(r, "x-amz-server-side-encryption-customer-key", key);
            AddIfSet(r, "x-amz-server-side-encryption-customer-key-MD5", md5);
        });
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = XDocument.Parse(body).Root!;
        Assert.Equal(("InvalidArgument", message), (error.Element("Code")!.Value, error.Element("Message")!.Value));
        if (key.Length > 0)
        {
            Assert.DoesNotContain(key, body, StringComparison.Ordinal);
        }

        AssertKeyNeverLogged(KeyA, KeyB);
    }

    [Fact]
    public async Task SseSAndSseCTogetherAreRefused()
    {
        var bucket = await NewBucketAsync();
        using var response = await TestSigV4Signer.SendAsync(Http, HttpMethod.Put, $"/{bucket}/both", "x"u8.ToArray(), customize: r =>
        {
            r.Headers.TryAddWithoutValidation("x-amz-server-side-encryption", "AES256");
            r.Headers.TryAddWithoutValidation("x-amz-server-side-encryption-customer-algorithm", "AES256");
            r.Headers.TryAddWithoutValidation("x-amz-server-side-encryption-customer-key", Base64(KeyA));
            r.Headers.TryAddWithoutValidation("x-amz-server-side-encryption-customer-key-MD5", KeyMd5(KeyA));
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Boto3SseCRoundTrip()
    {
        var bucket = await NewBucketAsync();
        var (exitCode, output) = await Boto3.RunAsync("""
            import base64, sys, boto3, botocore
            from botocore.config import Config
            endpoint, bucket, ak, sk, key = sys.argv[1:6]
            key = base64.b64decode(key)
            s3 = boto3.client('s3', endpoint_url=endpoint, aws_access_key_id=ak, aws_secret_access_key=sk, region_name='us-east-1',
                              config=Config(signature_version='s3v4', s3={'addressing_style': 'path'}, retries={'max_attempts': 1}))
            sse = dict(SSECustomerAlgorithm='AES256', SSECustomerKey=key)
            put = s3.put_object(Bucket=bucket, Key='boto', Body=b'boto3 customer-keyed bytes', **sse)
            assert put['SSECustomerAlgorithm'] == 'AES256', put
            got = s3.get_object(Bucket=bucket, Key='boto', **sse)
            assert got['Body'].read() == b'boto3 customer-keyed bytes'
            assert got['SSECustomerKeyMD5'] == put['SSECustomerKeyMD5']
            try:
                s3.get_object(Bucket=bucket, Key='boto')
                raise SystemExit('read without the key')
            except botocore.exceptions.ClientError as e:
                assert e.response['ResponseMetadata']['HTTPStatusCode'] == 400, e.response
            try:
                s3.head_object(Bucket=bucket, Key='boto', SSECustomerAlgorithm='AES256', SSECustomerKey=b'0' * 32)
                raise SystemExit('read with another key')
            except botocore.exceptions.ClientError as e:
                assert e.response['ResponseMetadata']['HTTPStatusCode'] == 403, e.response
            print('ok')
            """, Host.BaseAddress.ToString().TrimEnd('/'), bucket, ServiceHost.AccessKey, ServiceHost.SecretKey, Base64(KeyB));
        Assert.True(exitCode == 0, output);
        Assert.StartsWith("ok", output);
        AssertKeyNeverLogged(KeyB);
    }

    private async Task AssertNoDefaultEncryptionAsync(string bucket)
    {
        using var response = await TestSigV4Signer.SendAsync(Http, HttpMethod.Get, $"/{bucket}?encryption");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("ServerSideEncryptionConfigurationNotFoundError", XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!.Element("Code")!.Value);
        try
        {
            var sdk = await S3.GetBucketEncryptionAsync(new GetBucketEncryptionRequest { BucketName = bucket });
            Assert.Empty(sdk.ServerSideEncryptionConfiguration?.ServerSideEncryptionRules ?? []);
        }
        catch (AmazonS3Exception e)
        {
            Assert.Equal("ServerSideEncryptionConfigurationNotFoundError", e.ErrorCode);
        }
    }

    private static UploadPartRequest PartRequest(string bucket, string uploadId, int number, byte[] data, byte[] key) => new()
    {
        BucketName = bucket,
        Key = "secret",
        UploadId = uploadId,
        PartNumber = number,
        InputStream = new MemoryStream(data),
        ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
        ServerSideEncryptionCustomerProvidedKey = Base64(key),
    };

    private static void AddIfSet(HttpRequestMessage request, string header, string value)
    {
        if (value.Length > 0)
        {
            request.Headers.TryAddWithoutValidation(header, value);
        }
    }

    /// <summary>No blob written since <paramref name="before"/> holds a 64-byte run of <paramref name="plaintext"/>.</summary>
    private async Task AssertNotStoredAsync(HashSet<string> before, byte[] plaintext)
    {
        var written = (await BlobsAsync()).Except(before).ToList();
        Assert.NotEmpty(written);
        var probe = plaintext.AsSpan(plaintext.Length / 2, Math.Min(64, plaintext.Length / 2)).ToArray();
        foreach (var file in written)
        {
            Assert.Equal(-1, (await Host.ReadBlobAsync(file)).AsSpan().IndexOf(probe));
        }
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
