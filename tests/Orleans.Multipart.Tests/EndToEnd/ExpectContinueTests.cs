using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// An early error on an <c>Expect: 100-continue</c> request (the client then never sends the body)
/// must not leave the connection reading the client's next request as that body.
/// </summary>
public sealed class ExpectContinueTests(SqliteServiceFixture fixture) : S3TestBase(fixture), IClassFixture<SqliteServiceFixture>
{
    [Theory]
    [InlineData("s3", "127.0.0.1")]
    [InlineData("cdcs", "cdcs.test")]
    [InlineData("wos", "wos.test")]
    [InlineData("qingstor", "pek3a.qingstor.test")]
    [InlineData("jss", "s.jss.test")]
    public async Task EarlyErrorDoesNotReadTheNextRequestAsTheUnsentBody(string dialect, string hostName)
    {
        using var connection = await RawHttp.ConnectAsync(Host);
        var host = $"{hostName}:{Host.BaseAddress.Port}";
        await connection.SendAsync($"PUT /some-bucket/key HTTP/1.1\r\nHost: {host}\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
        var early = await connection.ReadResponseAsync();
        Assert.NotNull(early);
        // No such bucket: S3 says so to anyone (404), before the body, as it refuses what it may not say (401, 403).
        Assert.True(early.Status is 401 or 403 or 404, $"{dialect}: an unsigned PUT is answered before its body, got {early.Status} {early.Body}");

        // The client got a final answer, so it does not send the 5 bytes: its next request follows.
        await connection.SendAsync($"GET /healthz HTTP/1.1\r\nHost: {host}\r\n\r\n");
        var next = await connection.ReadResponseAsync();
        Assert.True(next is null || next.Status == 200, $"{dialect}: the next request on the connection was answered {next?.Status} {next?.Body}");
    }

    [Fact]
    public async Task ExpectedBodyThatIsReadKeepsTheConnection()
    {
        var bucket = await NewBucketAsync();
        using var connection = await RawHttp.ConnectAsync(Host);
        var host = $"127.0.0.1:{Host.BaseAddress.Port}";
        var uploadId = await InitiateAsync(bucket, "k");
        var request = new HttpRequestMessage(HttpMethod.Put, new Uri(Host.BaseAddress, $"/{bucket}/k?partNumber=1&uploadId={uploadId}"));
        TestSigV4Signer.Sign(request, ServiceHost.AccessKey, ServiceHost.SecretKey, DateTimeOffset.UtcNow, "UNSIGNED-PAYLOAD", hostHeader: host);
        var signed = string.Join("", request.Headers.Select(h => $"{h.Key}: {string.Join(",", h.Value)}\r\n"));
        await connection.SendAsync($"PUT /{bucket}/k?partNumber=1&uploadId={uploadId} HTTP/1.1\r\n{signed}Expect: 100-continue\r\nContent-Length: 5\r\n\r\n");
        var interim = await connection.ReadResponseAsync();
        Assert.Equal(100, interim?.Status);
        await connection.SendAsync("", "hello"u8.ToArray());
        Assert.Equal(200, (await connection.ReadResponseAsync())?.Status);
        await connection.SendAsync($"GET /healthz HTTP/1.1\r\nHost: {host}\r\n\r\n");
        Assert.Equal(200, (await connection.ReadResponseAsync())?.Status);
    }

    /// <summary>botocore sends Expect: 100-continue on PutObject with a file body; after KeyTooLongError the next PutObject used to fail SignatureDoesNotMatch.</summary>
    [Fact]
    public async Task Boto3PutObjectAfterKeyTooLongSucceeds()
    {
        var bucket = await NewBucketAsync();
        var (exitCode, output) = await Boto3.RunAsync(Boto3.SigV4ClientScript + """
            for round in range(3):
                try:
                    s3.put_object(Bucket=bucket, Key='k' * 1100, Body=io.BytesIO(b'hello'))
                    raise SystemExit('a 1100-byte key was accepted')
                except botocore.exceptions.ClientError as e:
                    assert e.response['Error']['Code'] == 'KeyTooLongError', e.response
                try:
                    s3.upload_part(Bucket=bucket, Key='k', UploadId='0123456789abcdef0123456789abcdef', PartNumber=1, Body=io.BytesIO(b'hello'))
                    raise SystemExit('a part of an unknown upload was accepted')
                except botocore.exceptions.ClientError as e:
                    assert e.response['Error']['Code'] == 'NoSuchUpload', e.response
                s3.put_object(Bucket=bucket, Key='after-%d' % round, Body=io.BytesIO(b'hello'))
                assert s3.get_object(Bucket=bucket, Key='after-%d' % round)['Body'].read() == b'hello'
            print('ok')
            """, Host.BaseAddress.ToString().TrimEnd('/'), bucket, ServiceHost.AccessKey, ServiceHost.SecretKey);
        Assert.True(exitCode == 0, output);
        Assert.StartsWith("ok", output);
    }
}
