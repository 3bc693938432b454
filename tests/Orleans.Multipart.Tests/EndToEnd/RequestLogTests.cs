using Amazon.S3.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>One structured log line per request, carrying the request id the dialect returned to the client.</summary>
public sealed class RequestLogTests : IAsyncLifetime
{
    private const string RequestCategory = "Orleans.Multipart.Gateway.Core.DialectRouter";

    private readonly CapturingLoggerProvider _logs = new();
    private ServiceHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await ServiceHost.StartAsync(StoreKind.Sqlite, new Dictionary<string, string> { ["Logging:LogLevel:" + RequestCategory] = "Information" });
        _host.Services.GetRequiredService<ILoggerFactory>().AddProvider(_logs);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("s3", "127.0.0.1", "x-amz-request-id")]
    [InlineData("cdcs", "cdcs.test", "x-cdcs-request-id")]
    [InlineData("wos", "wos.test", "x-wos-request-id")]
    [InlineData("qingstor", "qingstor.test", "X-QS-Request-ID")]
    [InlineData("jss", "jss.test", "x-jss-request-id")]
    public async Task AFailedRequestIsLoggedOnceWithTheRequestIdItReturned(string dialect, string host, string requestIdHeader)
    {
        using var http = _host.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/log-missing-bucket/some-key");
        request.Headers.Host = host;
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var requestId = Assert.Single(response.Headers.GetValues(requestIdHeader));

        var entry = await _logs.WaitForAsync(e => e.Category == RequestCategory && e["RequestId"] == requestId);
        Assert.Equal(LogLevel.Information, entry.Level);
        Assert.Equal(dialect, entry["Dialect"]);
        Assert.Equal("log-missing-bucket", entry["Bucket"]);
        Assert.Equal(((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture), entry["Status"]);
        Assert.NotEqual("-", entry["ErrorCode"]);
        Assert.Contains(entry["ErrorCode"]!, body, StringComparison.Ordinal);
        Assert.Single(_logs.Entries, e => e.Category == RequestCategory && e["RequestId"] == requestId);
    }

    [Fact]
    public async Task ASucceededRequestIsLoggedWithItsOperationAndBytes()
    {
        using var s3 = _host.CreateS3Client();
        var bucket = "log-" + Guid.NewGuid().ToString("N")[..12];
        var created = await s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket });
        var entry = await _logs.WaitForAsync(e => e.Category == RequestCategory && e["RequestId"] == created.ResponseMetadata.RequestId);
        Assert.Equal(("s3", "CreateBucket", bucket, "200", "-"), (entry["Dialect"], entry["Operation"], entry["Bucket"], entry["Status"], entry["ErrorCode"]));

        var put = await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "k", ContentBody = "hello", UseChunkEncoding = false });
        entry = await _logs.WaitForAsync(e => e.Category == RequestCategory && e["RequestId"] == put.ResponseMetadata.RequestId);
        Assert.Equal(("PutObject", "200", "5"), (entry["Operation"], entry["Status"], entry["BytesIn"]));

        var got = await s3.GetObjectAsync(bucket, "k");
        using (var reader = new StreamReader(got.ResponseStream))
        {
            Assert.Equal("hello", await reader.ReadToEndAsync());
        }

        entry = await _logs.WaitForAsync(e => e.Category == RequestCategory && e["RequestId"] == got.ResponseMetadata.RequestId);
        Assert.Equal(("GetObject", "200", "5"), (entry["Operation"], entry["Status"], entry["BytesOut"]));
    }
}
