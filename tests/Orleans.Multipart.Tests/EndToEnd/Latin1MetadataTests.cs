using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// minio-js 8 sends <c>x-amz-meta-*</c> values as ISO-8859-1 bytes (<c>caf\xe9</c>), which Kestrel refused
/// with a bare 400. The value is now accepted, its signature checked over the bytes as sent (or over the
/// UTF-8 of their ISO-8859-1 text, which is what minio-js signs), stored, and answered byte for byte, as
/// MinIO does. Any other header that is not UTF-8 is the dialect's error document, not a bare 400.
/// </summary>
public sealed class Latin1MetadataTests(SqliteServiceFixture fixture) : S3TestBase(fixture), IClassFixture<SqliteServiceFixture>
{
    private static readonly byte[] Cafe = [(byte)'c', (byte)'a', (byte)'f', 0xE9];

    /// <summary>How the request is signed: over the bytes sent (SigV4 as documented) or over the UTF-8 of their ISO-8859-1 text (minio-js).</summary>
    public enum Signing
    {
        BytesAsSent,
        MinioJs,
    }

    [Theory]
    [InlineData(Signing.BytesAsSent, false)]
    [InlineData(Signing.MinioJs, false)]
    [InlineData(Signing.BytesAsSent, true)]
    public async Task Latin1MetadataIsStoredAndAnsweredByteForByte(Signing signing, bool multipart)
    {
        var bucket = await NewBucketAsync();
        var path = $"/{bucket}/latin1";
        var reply = await SendAsync(multipart ? "POST" : "PUT", path, multipart ? "uploads=" : "", "x-amz-meta-a", Cafe, signing, multipart ? [] : "body"u8.ToArray());
        Assert.True(reply?.Status == 200, $"{reply?.Status} {reply?.Body}");
        if (multipart)
        {
            var uploadId = XDocument.Parse(reply!.Body).Root!.Elements().Single(e => e.Name.LocalName == "UploadId").Value;
            var part = await UploadPartAsync(bucket, "latin1", uploadId, 1, "body"u8.ToArray());
            await CompleteAsync(bucket, "latin1", uploadId, [part]);
        }

        // (GET only: the raw client reads a body of Content-Length bytes, which a HEAD answer has not; HEAD renders the same headers.)
        using var connection = await RawHttp.ConnectAsync(Host);
        await connection.SendAsync(SignedHead("GET", path, "", [], Signing.BytesAsSent, 0));
        var read = await connection.ReadResponseAsync();
        Assert.True(read?.Status == 200, $"GET: {read?.Status} {read?.Body}");
        // The response head is read as ISO-8859-1, one character per byte: these are the bytes caf\xe9.
        Assert.Equal(Encoding.Latin1.GetString(Cafe), read!.Headers["x-amz-meta-a"]);
        Assert.Equal("body", read.Body);
    }

    [Fact]
    public async Task ASignatureOverOtherBytesIsRefused()
    {
        var bucket = await NewBucketAsync();
        var reply = await SendAsync("PUT", $"/{bucket}/forged", "", "x-amz-meta-a", Cafe, Signing.BytesAsSent, [1], signedValue: "cafe"u8.ToArray());
        Assert.Equal(403, reply?.Status);
        Assert.Equal("SignatureDoesNotMatch", XDocument.Parse(reply!.Body).Root!.Element("Code")?.Value);
    }

    [Fact]
    public async Task AnotherHeaderThatIsNotUtf8IsTheDialectsError()
    {
        var bucket = await NewBucketAsync();
        var reply = await SendAsync("PUT", $"/{bucket}/bad-header", "", "x-amz-website-redirect-location", Cafe, Signing.BytesAsSent, [1]);
        Assert.Equal(400, reply?.Status);
        Assert.Equal("InvalidArgument", XDocument.Parse(reply!.Body).Root!.Element("Code")?.Value);
        Assert.Equal(404, (await new S3RawClient(Host).SendAsync(HttpMethod.Head, $"/{bucket}/bad-header")).Status);
    }

    private async Task<RawResponse?> SendAsync(string method, string path, string query, string header, byte[] value, Signing signing, byte[] body, byte[]? signedValue = null)
    {
        using var connection = await RawHttp.ConnectAsync(Host);
        await connection.SendAsync(SignedHead(method, path, query, [(header, value, signedValue ?? value)], signing, body.Length), body);
        return await connection.ReadResponseAsync();
    }

    /// <summary>A SigV4-signed request head, written as bytes: each extra header's value goes on the wire as given.</summary>
    private byte[] SignedHead(string method, string path, string query, (string Name, byte[] Sent, byte[] Signed)[] extra, Signing signing, int contentLength)
    {
        var host = $"127.0.0.1:{Host.BaseAddress.Port}";
        var amzDate = DateTimeOffset.UtcNow.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = host,
            ["x-amz-content-sha256"] = "UNSIGNED-PAYLOAD",
            ["x-amz-date"] = amzDate,
        };
        foreach (var (name, _, signed) in extra)
        {
            headers[name] = Encoding.Latin1.GetString(signed);
        }

        var signedHeaders = string.Join(";", headers.Keys);
        var canonical = TestSigV4Signer.Canonical(method, path, query, headers, signedHeaders, "UNSIGNED-PAYLOAD");
        var signature = TestSigV4Signer.Signature(ServiceHost.SecretKey, amzDate[..8], "us-east-1", amzDate, canonical, signing == Signing.BytesAsSent ? Encoding.Latin1 : Encoding.UTF8);
        var head = new List<byte>();
        head.AddRange(Encoding.ASCII.GetBytes($"{method} {path}{(query.Length > 0 ? "?" + query : "")} HTTP/1.1\r\nhost: {host}\r\nx-amz-content-sha256: UNSIGNED-PAYLOAD\r\nx-amz-date: {amzDate}\r\n"));
        foreach (var (name, sent, _) in extra)
        {
            head.AddRange(Encoding.ASCII.GetBytes(name + ": "));
            head.AddRange(sent);
            head.AddRange("\r\n"u8.ToArray());
        }

        head.AddRange(Encoding.ASCII.GetBytes($"Content-Length: {contentLength}\r\nAuthorization: AWS4-HMAC-SHA256 Credential={ServiceHost.AccessKey}/{amzDate[..8]}/us-east-1/s3/aws4_request, SignedHeaders={signedHeaders}, Signature={signature}\r\n\r\n"));
        return head.ToArray();
    }
}
