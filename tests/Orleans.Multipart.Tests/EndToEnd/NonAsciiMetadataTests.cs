using System.Globalization;
using System.Text;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>User metadata that is not ASCII is answered as an RFC 2047 encoded word (as AWS does), so the object stays readable.</summary>
public sealed class NonAsciiMetadataTests(SqliteServiceFixture fixture) : S3TestBase(fixture), IClassFixture<SqliteServiceFixture>
{
    [Theory]
    [InlineData("café", false)]
    [InlineData("日本語 テキスト", false)]
    [InlineData("café", true)]
    public async Task ObjectWithNonAsciiMetadataReadsBack(string value, bool multipart)
    {
        var bucket = await NewBucketAsync();
        var path = $"/{bucket}/meta";
        var query = multipart ? "uploads=" : "";
        var response = await SendWithMetadataAsync(multipart ? "POST" : "PUT", path, query, value, multipart ? [] : "body"u8.ToArray());
        Assert.True(response?.Status == 200, $"{response?.Status} {response?.Body}");
        if (multipart)
        {
            var uploadId = System.Xml.Linq.XDocument.Parse(response!.Body).Root!.Elements().Single(e => e.Name.LocalName == "UploadId").Value;
            var part = await UploadPartAsync(bucket, "meta", uploadId, 1, "body"u8.ToArray());
            await CompleteAsync(bucket, "meta", uploadId, [part]);
        }

        var expected = "=?UTF-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes(value)) + "?=";
        var client = new S3RawClient(Host);
        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Head })
        {
            var reply = await client.SendAsync(method, path);
            Assert.True(reply.Status == 200, $"{method}: {reply.Status} {reply.Text}");
            Assert.Equal(expected, reply.Header("x-amz-meta-a"));
        }

        Assert.Equal("body", Encoding.UTF8.GetString(await GetBytesAsync(bucket, "meta")));
    }

    [Fact]
    public async Task AsciiMetadataIsAnsweredAsSent()
    {
        var bucket = await NewBucketAsync();
        Assert.Equal(200, (await SendWithMetadataAsync("PUT", $"/{bucket}/plain", "", "plain value =?not-encoded", [1]))?.Status);
        var reply = await new S3RawClient(Host).SendAsync(HttpMethod.Head, $"/{bucket}/plain");
        Assert.Equal("plain value =?not-encoded", reply.Header("x-amz-meta-a"));
    }

    /// <summary>HttpClient refuses non-ASCII header values, so the request goes over a raw socket, signed, as curl sends it (UTF-8).</summary>
    private async Task<RawResponse?> SendWithMetadataAsync(string method, string path, string query, string value, byte[] body)
    {
        var host = $"127.0.0.1:{Host.BaseAddress.Port}";
        var amzDate = DateTimeOffset.UtcNow.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = host,
            ["x-amz-content-sha256"] = "UNSIGNED-PAYLOAD",
            ["x-amz-date"] = amzDate,
            ["x-amz-meta-a"] = value,
        };
        var signed = string.Join(";", headers.Keys);
        var canonical = TestSigV4Signer.Canonical(method, path, query, headers, signed, "UNSIGNED-PAYLOAD");
        var signature = TestSigV4Signer.Signature(ServiceHost.SecretKey, amzDate[..8], "us-east-1", amzDate, canonical);
        using var connection = await RawHttp.ConnectAsync(Host);
        await connection.SendAsync(
            $"{method} {path}{(query.Length > 0 ? "?" + query : "")} HTTP/1.1\r\n" + string.Concat(headers.Select(h => $"{h.Key}: {h.Value}\r\n")) +
            $"Content-Length: {body.Length}\r\nAuthorization: AWS4-HMAC-SHA256 Credential={ServiceHost.AccessKey}/{amzDate[..8]}/us-east-1/s3/aws4_request, SignedHeaders={signed}, Signature={signature}\r\n\r\n",
            body);
        return await connection.ReadResponseAsync();
    }
}
