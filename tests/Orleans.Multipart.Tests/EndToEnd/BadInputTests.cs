using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Amazon.S3.Model;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>Every kind of bad input gets the error S3 answers, and stored data does not change.</summary>
public abstract class BadInputTests(ServiceFixture fixture) : S3TestBase(fixture)
{
    private static async Task<(HttpStatusCode Status, string Code)> ErrorOf(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.Headers.Contains("x-amz-request-id"), "errors carry x-amz-request-id");
        var code = body.Length == 0 ? "" : XDocument.Parse(body).Root!.Element("Code")!.Value;
        return (response.StatusCode, code);
    }

    private async Task<(string Bucket, string UploadId)> UploadWithOnePartAsync(string key = "k")
    {
        var bucket = await NewBucketAsync();
        var uploadId = await InitiateAsync(bucket, key);
        await UploadPartAsync(bucket, key, uploadId, 1, [1, 2, 3]);
        return (bucket, uploadId);
    }

    [Fact]
    public async Task WrongSecretIsSignatureDoesNotMatch()
    {
        var ex = await S3Error(() => Host.CreateS3Client(secretKey: "wrong-secret").ListBucketsAsync());
        Assert.Equal(HttpStatusCode.Forbidden, ex.StatusCode);
        Assert.Equal("SignatureDoesNotMatch", ex.ErrorCode);
    }

    [Fact]
    public async Task UnknownAccessKeyIsInvalidAccessKeyId()
    {
        var ex = await S3Error(() => Host.CreateS3Client(accessKey: "nobody").ListBucketsAsync());
        Assert.Equal(HttpStatusCode.Forbidden, ex.StatusCode);
        Assert.Equal("InvalidAccessKeyId", ex.ErrorCode);
    }

    [Fact]
    public async Task MissingSignatureIsAccessDenied()
    {
        var (bucket, uploadId) = await UploadWithOnePartAsync();
        var response = await Http.PutAsync($"/{bucket}/k?partNumber=2&uploadId={uploadId}", new ByteArrayContent([9]));
        Assert.Equal((HttpStatusCode.Forbidden, "AccessDenied"), await ErrorOf(response));
        Assert.Equal([1], await ListPartNumbersAsync(bucket, "k", uploadId));
    }

    [Fact]
    public async Task SkewedClockIsRequestTimeTooSkewed()
    {
        var (bucket, uploadId) = await UploadWithOnePartAsync();
        var response = await TestSigV4Signer.SendAsync(Http, HttpMethod.Put, $"/{bucket}/k?partNumber=2&uploadId={uploadId}", [9], now: DateTimeOffset.UtcNow.AddMinutes(-20));
        Assert.Equal((HttpStatusCode.Forbidden, "RequestTimeTooSkewed"), await ErrorOf(response));
        Assert.Equal([1], await ListPartNumbersAsync(bucket, "k", uploadId));
    }

    [Fact]
    public async Task TamperedBodyIsRefusedAndNotStored()
    {
        var (bucket, uploadId) = await UploadWithOnePartAsync();
        var request = new HttpRequestMessage(HttpMethod.Put, new Uri(Http.BaseAddress!, $"/{bucket}/k?partNumber=2&uploadId={uploadId}")) { Content = new ByteArrayContent([9, 9, 9]) };
        TestSigV4Signer.Sign(request, ServiceHost.AccessKey, ServiceHost.SecretKey, DateTimeOffset.UtcNow, TestSigV4Signer.Sha256Hex([1, 1, 1]));
        Assert.Equal((HttpStatusCode.BadRequest, "XAmzContentSHA256Mismatch"), await ErrorOf(await Http.SendAsync(request)));
        Assert.Equal([1], await ListPartNumbersAsync(bucket, "k", uploadId));
    }

    [Fact]
    public async Task KeyOver1024BytesIsKeyTooLong()
    {
        var bucket = await NewBucketAsync();
        var ok = await InitiateAsync(bucket, new string('k', 1024));
        Assert.NotEmpty(ok);
        var ex = await S3Error(() => InitiateAsync(bucket, new string('k', 1025)));
        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Equal("KeyTooLongError", ex.ErrorCode);
        var uploads = await S3.ListMultipartUploadsAsync(bucket);
        Assert.Single(uploads.MultipartUploads);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("10001")]
    [InlineData("-1")]
    [InlineData("one")]
    public async Task PartNumberOutOfRangeIsInvalidArgument(string partNumber)
    {
        var (bucket, uploadId) = await UploadWithOnePartAsync();
        var response = await TestSigV4Signer.SendAsync(Http, HttpMethod.Put, $"/{bucket}/k?partNumber={partNumber}&uploadId={uploadId}", [9]);
        Assert.Equal((HttpStatusCode.BadRequest, "InvalidArgument"), await ErrorOf(response));
        Assert.Equal([1], await ListPartNumbersAsync(bucket, "k", uploadId));
    }

    [Fact]
    public async Task UnknownUploadIdIsNoSuchUpload()
    {
        var bucket = await NewBucketAsync();
        var before = (await BlobsAsync()).Count;
        var ex = await S3Error(() => UploadPartAsync(bucket, "k", "0123456789abcdef0123456789abcdef", 1, [1]));
        Assert.Equal(HttpStatusCode.NotFound, ex.StatusCode);
        Assert.Equal("NoSuchUpload", ex.ErrorCode);
        Assert.Equal("NoSuchUpload", (await S3Error(() => S3.AbortMultipartUploadAsync(bucket, "k", "nope"))).ErrorCode);
        Assert.Equal("NoSuchUpload", (await S3Error(() => CompleteAsync(bucket, "k", "nope", [new PartETag(1, "\"x\"")]))).ErrorCode);
        Assert.Equal(before, (await BlobsAsync()).Count);
    }

    [Fact]
    public async Task UploadIdOfAnotherKeyIsNoSuchUpload()
    {
        var (bucket, uploadId) = await UploadWithOnePartAsync("owner");
        Assert.Equal("NoSuchUpload", (await S3Error(() => UploadPartAsync(bucket, "intruder", uploadId, 2, [7]))).ErrorCode);
        Assert.Equal("NoSuchUpload", (await S3Error(() => S3.AbortMultipartUploadAsync(bucket, "intruder", uploadId))).ErrorCode);
        Assert.Equal("NoSuchUpload", (await S3Error(() => S3.ListPartsAsync(bucket, "intruder", uploadId))).ErrorCode);
        Assert.Equal("NoSuchUpload", (await S3Error(() => CompleteAsync(bucket, "intruder", uploadId, [new PartETag(1, Md5Hex([1, 2, 3]))]))).ErrorCode);
        Assert.Equal([1], await ListPartNumbersAsync(bucket, "owner", uploadId));
    }

    [Theory]
    [InlineData("<CompleteMultipartUpload><Part><PartNumber>1</PartNumber>")]
    [InlineData("not xml at all")]
    [InlineData("<CompleteMultipartUpload><Part><PartNumber>x</PartNumber><ETag>a</ETag></Part></CompleteMultipartUpload>")]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;\">]><CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>&lol2;</ETag></Part></CompleteMultipartUpload>")]
    [InlineData("<CompleteMultipartUpload></CompleteMultipartUpload>")]
    [InlineData("<Other/>")]
    public async Task MalformedCompleteXmlIsMalformedXml(string body)
    {
        var (bucket, uploadId) = await UploadWithOnePartAsync();
        var response = await TestSigV4Signer.SendAsync(Http, HttpMethod.Post, $"/{bucket}/k?uploadId={uploadId}", Encoding.UTF8.GetBytes(body));
        Assert.Equal((HttpStatusCode.BadRequest, "MalformedXML"), await ErrorOf(response));
        Assert.Equal([1], await ListPartNumbersAsync(bucket, "k", uploadId));
    }

    [Fact]
    public async Task OversizedCompleteXmlIsRefusedBeforeParsing()
    {
        var (bucket, uploadId) = await UploadWithOnePartAsync();
        var huge = new StringBuilder("<CompleteMultipartUpload>");
        while (huge.Length < 5 * MiB)
        {
            huge.Append("<Part><PartNumber>1</PartNumber><ETag>\"00000000000000000000000000000000\"</ETag></Part>");
        }

        huge.Append("</CompleteMultipartUpload>");
        var response = await TestSigV4Signer.SendAsync(Http, HttpMethod.Post, $"/{bucket}/k?uploadId={uploadId}", Encoding.UTF8.GetBytes(huge.ToString()));
        Assert.Equal((HttpStatusCode.BadRequest, "MaxMessageLengthExceeded"), await ErrorOf(response));
        Assert.Equal([1], await ListPartNumbersAsync(bucket, "k", uploadId));
    }

    [Fact]
    public async Task ContentMd5MismatchIsBadDigestAndNothingIsStored()
    {
        var (bucket, uploadId) = await UploadWithOnePartAsync();
        var before = (await BlobsAsync()).Count;
        var response = await TestSigV4Signer.SendAsync(Http, HttpMethod.Put, $"/{bucket}/k?partNumber=2&uploadId={uploadId}", [4, 5, 6],
            customize: r => r.Content!.Headers.ContentMD5 = MD5.HashData([6, 6, 6]));
        Assert.Equal((HttpStatusCode.BadRequest, "BadDigest"), await ErrorOf(response));
        Assert.Equal([1], await ListPartNumbersAsync(bucket, "k", uploadId));
        Assert.Equal(before, (await BlobsAsync()).Count);

        var invalid = await TestSigV4Signer.SendAsync(Http, HttpMethod.Put, $"/{bucket}/k?partNumber=2&uploadId={uploadId}", [4, 5, 6],
            customize: r => r.Content!.Headers.TryAddWithoutValidation("Content-MD5", "not-base64"));
        Assert.Equal((HttpStatusCode.BadRequest, "InvalidDigest"), await ErrorOf(invalid));
    }

    [Fact]
    public async Task APutTheObjectRefusesLeavesNoBlob()
    {
        var bucket = await NewBucketAsync();
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "kept", ContentBody = "old" });
        var before = (await BlobsAsync());

        // The body is stored before the object grain checks If-None-Match: the refused write's blob must go.
        var response = await TestSigV4Signer.SendAsync(Http, HttpMethod.Put, $"/{bucket}/kept", [7, 8, 9],
            customize: r => r.Headers.TryAddWithoutValidation("If-None-Match", "*"));
        Assert.Equal((HttpStatusCode.PreconditionFailed, "PreconditionFailed"), await ErrorOf(response));
        Assert.Equal(before, (await BlobsAsync()));
        Assert.Equal("old", Encoding.ASCII.GetString(await GetBytesAsync(bucket, "kept")));
    }

    [Fact]
    public async Task BodyShorterThanContentLengthIsRefusedAndNothingIsStored()
    {
        var (bucket, uploadId) = await UploadWithOnePartAsync();
        var before = (await BlobsAsync()).Count;

        // A client that stops sending and waits gets 400 RequestTimeout once the body idle timeout passes.
        var (stalled, _) = await SendShortBodyAsync(bucket, uploadId, halfClose: false);
        Assert.True(stalled.StartsWith("HTTP/1.1 400", StringComparison.Ordinal), stalled);
        Assert.Contains("<Code>RequestTimeout</Code>", stalled);

        // A client that closes its side early has gone: Kestrel drops the request, and nothing stays behind.
        // The exchange ended when the server closed the connection; its part file, if it began one, goes soon after.
        await SendShortBodyAsync(bucket, uploadId, halfClose: true);
        // Both refused requests' handlers may still be finishing (a part file appears, then goes) after their
        // connections ended: wait until the count has been back at `before` for 3 s, or 60 s have passed.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var settledSince = TimeSpan.MinValue;
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if ((await BlobsAsync()).Count != before)
            {
                settledSince = TimeSpan.MinValue;
            }
            else if (settledSince == TimeSpan.MinValue)
            {
                settledSince = clock.Elapsed;
            }
            else if (clock.Elapsed - settledSince >= TimeSpan.FromSeconds(3))
            {
                break;
            }

            await Task.Delay(50);
        }

        Assert.Equal([1], await ListPartNumbersAsync(bucket, "k", uploadId));
        Assert.Equal(before, (await BlobsAsync()).Count);
    }

    private async Task<(string Response, bool Reset)> SendShortBodyAsync(string bucket, string uploadId, bool halfClose)
    {
        var path = $"/{bucket}/k";
        var query = $"partNumber=2&uploadId={uploadId}";
        var host = $"{Host.BaseAddress.Host}:{Host.BaseAddress.Port}";
        var amzDate = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'");
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["content-length"] = "1000",
            ["host"] = host,
            ["x-amz-content-sha256"] = "UNSIGNED-PAYLOAD",
            ["x-amz-date"] = amzDate,
        };
        var signed = string.Join(";", headers.Keys);
        var canonical = TestSigV4Signer.Canonical("PUT", path, query, headers, signed, "UNSIGNED-PAYLOAD");
        var signature = TestSigV4Signer.Signature(ServiceHost.SecretKey, amzDate[..8], "us-east-1", amzDate, canonical);

        using var socket = new TcpClient();
        await socket.ConnectAsync(Host.BaseAddress.Host, Host.BaseAddress.Port);
        var stream = socket.GetStream();
        var head = $"PUT {path}?{query} HTTP/1.1\r\nHost: {host}\r\nContent-Length: 1000\r\nx-amz-content-sha256: UNSIGNED-PAYLOAD\r\nx-amz-date: {amzDate}\r\n" +
                   $"Authorization: AWS4-HMAC-SHA256 Credential={ServiceHost.AccessKey}/{amzDate[..8]}/us-east-1/s3/aws4_request, SignedHeaders={signed}, Signature={signature}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(new byte[500]);
        if (halfClose)
        {
            socket.Client.Shutdown(SocketShutdown.Send);
        }

        var received = new MemoryStream();
        var buffer = new byte[4096];
        var reset = false;
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (IOException)
        {
            reset = true;
        }

        return (Encoding.ASCII.GetString(received.ToArray()), reset);
    }

    [Fact]
    public async Task DeletingAMissingBucketIsNoSuchBucket()
    {
        var ex = await S3Error(() => S3.DeleteBucketAsync("no-such-bucket-" + Guid.NewGuid().ToString("N")[..8]));
        Assert.Equal(HttpStatusCode.NotFound, ex.StatusCode);
        Assert.Equal("NoSuchBucket", ex.ErrorCode);
    }

    [Fact]
    public async Task CompleteRulesAreEnforcedAndLeaveTheUploadOpen()
    {
        var bucket = await NewBucketAsync();
        var uploadId = await InitiateAsync(bucket, "rules");
        var small = await UploadPartAsync(bucket, "rules", uploadId, 1, [1]);
        var last = await UploadPartAsync(bucket, "rules", uploadId, 2, [2]);
        Assert.Equal("EntityTooSmall", (await S3Error(() => CompleteAsync(bucket, "rules", uploadId, [small, last]))).ErrorCode);
        // The SDK sorts the list itself, so the out-of-order document goes raw.
        var unordered = $"<CompleteMultipartUpload><Part><PartNumber>2</PartNumber><ETag>{last.ETag}</ETag></Part><Part><PartNumber>1</PartNumber><ETag>{small.ETag}</ETag></Part></CompleteMultipartUpload>";
        var response = await TestSigV4Signer.SendAsync(Http, HttpMethod.Post, $"/{bucket}/rules?uploadId={uploadId}", Encoding.UTF8.GetBytes(unordered));
        Assert.Equal((HttpStatusCode.BadRequest, "InvalidPartOrder"), await ErrorOf(response));
        Assert.Equal("InvalidPart", (await S3Error(() => CompleteAsync(bucket, "rules", uploadId, [new PartETag(3, last.ETag)]))).ErrorCode);
        Assert.Equal("InvalidPart", (await S3Error(() => CompleteAsync(bucket, "rules", uploadId, [new PartETag(2, small.ETag)]))).ErrorCode);
        Assert.Equal([1, 2], await ListPartNumbersAsync(bucket, "rules", uploadId));
        await CompleteAsync(bucket, "rules", uploadId, [last]);
        Assert.Equal([2], await GetBytesAsync(bucket, "rules"));
    }

    [Fact]
    public async Task UnsupportedOperationsAnswerNotImplemented()
    {
        var bucket = await NewBucketAsync();
        var response = await TestSigV4Signer.SendAsync(Http, HttpMethod.Get, $"/{bucket}?replication");
        Assert.Equal((HttpStatusCode.NotImplemented, "NotImplemented"), await ErrorOf(response));
    }
}

public sealed class SqliteBadInputTests(SqliteServiceFixture fixture) : BadInputTests(fixture), IClassFixture<SqliteServiceFixture>;

public sealed class PostgresBadInputTests(PostgresServiceFixture fixture) : BadInputTests(fixture), IClassFixture<PostgresServiceFixture>;
