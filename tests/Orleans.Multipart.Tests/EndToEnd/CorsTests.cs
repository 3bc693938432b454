using System.Net;
using System.Text;
using System.Xml.Linq;
using Amazon.S3;
using Amazon.S3.Model;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// Bucket CORS rules over real HTTP: AWSSDK.S3's Put/Get/DeleteCORSConfiguration, S3's documents and
/// errors, unauthenticated preflights answered from the rules, CORS headers on actual answers (errors
/// included), and QingStor's JSON form of the same operations.
/// </summary>
public sealed class CorsTests(SqliteServiceFixture fixture) : S3TestBase(fixture), IClassFixture<SqliteServiceFixture>
{
    private const string App = "https://app.example.com";
    private static readonly XNamespace S3Ns = "http://s3.amazonaws.com/doc/2006-03-01/";

    private async Task<string> BucketWithRulesAsync()
    {
        var bucket = await NewBucketAsync();
        await S3.PutCORSConfigurationAsync(new PutCORSConfigurationRequest
        {
            BucketName = bucket,
            Configuration = new CORSConfiguration
            {
                Rules =
                [
                    new CORSRule { Id = "uploads", AllowedOrigins = [App], AllowedMethods = ["PUT", "POST"], AllowedHeaders = ["content-*", "x-amz-*"], ExposeHeaders = ["ETag", "x-amz-request-id"], MaxAgeSeconds = 600 },
                    new CORSRule { AllowedOrigins = ["*"], AllowedMethods = ["GET", "HEAD"] },
                ],
            },
        });
        return bucket;
    }

    private async Task<HttpResponseMessage> PreflightAsync(string path, string? origin, string? method, string? headers = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, path);
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        if (method is not null)
        {
            request.Headers.Add("Access-Control-Request-Method", method);
        }

        if (headers is not null)
        {
            request.Headers.Add("Access-Control-Request-Headers", headers);
        }

        return await Http.SendAsync(request);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values)
        : response.Content.Headers.TryGetValues(name, out var content) ? string.Join(", ", content) : null;

    private static async Task AssertS3ErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code, string? message = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {status} {code}, got {(int)response.StatusCode}: {text}");
        var error = XDocument.Parse(text).Root!;
        Assert.Equal("Error", error.Name.LocalName);
        Assert.Equal(code, error.Element("Code")?.Value);
        if (message is not null)
        {
            Assert.Equal(message, error.Element("Message")?.Value);
        }
    }

    [Fact]
    public async Task TheSdkPutsGetsAndDeletesTheRules()
    {
        var bucket = await BucketWithRulesAsync();
        var rules = (await S3.GetCORSConfigurationAsync(new GetCORSConfigurationRequest { BucketName = bucket })).Configuration.Rules;
        Assert.Equal(2, rules.Count);
        Assert.Equal("uploads", rules[0].Id);
        Assert.Equal([App], rules[0].AllowedOrigins);
        Assert.Equal(["PUT", "POST"], rules[0].AllowedMethods);
        Assert.Equal(["content-*", "x-amz-*"], rules[0].AllowedHeaders);
        Assert.Equal(["ETag", "x-amz-request-id"], rules[0].ExposeHeaders);
        Assert.Equal(600, rules[0].MaxAgeSeconds);
        Assert.Equal(["*"], rules[1].AllowedOrigins);
        Assert.Equal(["GET", "HEAD"], rules[1].AllowedMethods);

        // A second Put replaces the whole configuration.
        await S3.PutCORSConfigurationAsync(new PutCORSConfigurationRequest
        {
            BucketName = bucket,
            Configuration = new CORSConfiguration { Rules = [new CORSRule { AllowedOrigins = ["http://other.test"], AllowedMethods = ["DELETE"] }] },
        });
        var replaced = (await S3.GetCORSConfigurationAsync(new GetCORSConfigurationRequest { BucketName = bucket })).Configuration.Rules;
        Assert.Equal(["http://other.test"], Assert.Single(replaced).AllowedOrigins);

        await S3.DeleteCORSConfigurationAsync(new DeleteCORSConfigurationRequest { BucketName = bucket });
        using var gone = await TestSigV4Signer.SendAsync(Http, HttpMethod.Get, $"/{bucket}?cors");
        await AssertS3ErrorAsync(gone, HttpStatusCode.NotFound, "NoSuchCORSConfiguration", "The CORS configuration does not exist");
    }

    [Fact]
    public async Task GetBucketCorsAnswersS3sDocument()
    {
        var bucket = await BucketWithRulesAsync();
        using var response = await TestSigV4Signer.SendAsync(Http, HttpMethod.Get, $"/{bucket}?cors");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var root = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!;
        Assert.Equal(S3Ns + "CORSConfiguration", root.Name);
        var first = root.Elements(S3Ns + "CORSRule").First();
        Assert.Equal(["AllowedHeader", "AllowedHeader", "AllowedMethod", "AllowedMethod", "AllowedOrigin", "ExposeHeader", "ExposeHeader", "ID", "MaxAgeSeconds"],
            first.Elements().Select(e => e.Name.LocalName));
        Assert.Equal("600", first.Element(S3Ns + "MaxAgeSeconds")!.Value);
    }

    [Fact]
    public async Task ABucketWithoutRulesAnswersNoSuchCorsConfigurationAndAMissingBucketNoSuchBucket()
    {
        var bucket = await NewBucketAsync();
        using var none = await TestSigV4Signer.SendAsync(Http, HttpMethod.Get, $"/{bucket}?cors");
        await AssertS3ErrorAsync(none, HttpStatusCode.NotFound, "NoSuchCORSConfiguration");
        using var missing = await TestSigV4Signer.SendAsync(Http, HttpMethod.Get, "/no-such-bucket-cors?cors");
        await AssertS3ErrorAsync(missing, HttpStatusCode.NotFound, "NoSuchBucket");
        using var putMissing = await TestSigV4Signer.SendAsync(Http, HttpMethod.Put, "/no-such-bucket-cors?cors",
            Encoding.UTF8.GetBytes("<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>"));
        await AssertS3ErrorAsync(putMissing, HttpStatusCode.NotFound, "NoSuchBucket");
    }

    [Theory]
    [InlineData("<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>PATCH</AllowedMethod></CORSRule></CORSConfiguration>", "InvalidRequest")]
    [InlineData("<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>OPTIONS</AllowedMethod></CORSRule></CORSConfiguration>", "InvalidRequest")]
    [InlineData("<CORSConfiguration><CORSRule><AllowedOrigin>http://*.*.test</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>", "InvalidRequest")]
    [InlineData("<CORSConfiguration><CORSRule><AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>", "MalformedXML")]
    [InlineData("<CORSConfiguration></CORSConfiguration>", "MalformedXML")]
    [InlineData("<CORSConfig><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfig>", "MalformedXML")]
    [InlineData("<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod><MaxAgeSeconds>soon</MaxAgeSeconds></CORSRule></CORSConfiguration>", "MalformedXML")]
    public async Task ABadConfigurationIsRefusedAndNothingIsStored(string document, string code)
    {
        var bucket = await NewBucketAsync();
        using var response = await TestSigV4Signer.SendAsync(Http, HttpMethod.Put, $"/{bucket}?cors", Encoding.UTF8.GetBytes(document));
        await AssertS3ErrorAsync(response, HttpStatusCode.BadRequest, code);
        using var after = await TestSigV4Signer.SendAsync(Http, HttpMethod.Get, $"/{bucket}?cors");
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
    }

    [Fact]
    public async Task TheSdkSeesAnUnsupportedMethodAsInvalidRequest()
    {
        var bucket = await NewBucketAsync();
        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => S3.PutCORSConfigurationAsync(new PutCORSConfigurationRequest
        {
            BucketName = bucket,
            Configuration = new CORSConfiguration { Rules = [new CORSRule { AllowedOrigins = ["*"], AllowedMethods = ["PATCH"] }] },
        }));
        Assert.Equal("InvalidRequest", error.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains("PATCH", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMatchingPreflightIsAnsweredWithoutASignature()
    {
        var bucket = await BucketWithRulesAsync();
        using var response = await PreflightAsync($"/{bucket}/some/key?partNumber=1&uploadId=x", App, "PUT", "Content-Type, X-Amz-Date");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(App, Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal("PUT, POST", Header(response, "Access-Control-Allow-Methods"));
        Assert.Equal("content-type, x-amz-date", Header(response, "Access-Control-Allow-Headers"));
        Assert.Equal("ETag, x-amz-request-id", Header(response, "Access-Control-Expose-Headers"));
        Assert.Equal("600", Header(response, "Access-Control-Max-Age"));
        Assert.Contains("Origin", Header(response, "Vary")!, StringComparison.Ordinal);
        Assert.NotNull(Header(response, "x-amz-request-id"));
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());

        // A rule whose origin is * answers *.
        using var anyone = await PreflightAsync($"/{bucket}/some/key", "http://elsewhere.test", "GET");
        Assert.Equal(HttpStatusCode.OK, anyone.StatusCode);
        Assert.Equal("*", Header(anyone, "Access-Control-Allow-Origin"));
        Assert.Null(Header(anyone, "Access-Control-Max-Age"));
    }

    [Theory]
    [InlineData("http://evil.test", "PUT", null)] // origin not allowed for PUT (the * rule allows only GET and HEAD)
    [InlineData(App, "DELETE", null)] // method in no rule
    [InlineData(App, "PUT", "content-type, authorization")] // a header outside content-* and x-amz-*
    public async Task APreflightNoRuleAllowsIsForbidden(string origin, string method, string? headers)
    {
        var bucket = await BucketWithRulesAsync();
        using var response = await PreflightAsync($"/{bucket}/key", origin, method, headers);
        await AssertS3ErrorAsync(response, HttpStatusCode.Forbidden, "AccessForbidden",
            "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.");
        Assert.Null(Header(response, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task APreflightToABucketWithoutRulesOrWithoutItsHeadersIsRefused()
    {
        var bucket = await NewBucketAsync();
        using var none = await PreflightAsync($"/{bucket}/key", App, "PUT");
        await AssertS3ErrorAsync(none, HttpStatusCode.Forbidden, "AccessForbidden", "CORSResponse: CORS is not enabled for this bucket.");
        using var missingBucket = await PreflightAsync("/no-such-bucket-cors/key", App, "PUT");
        await AssertS3ErrorAsync(missingBucket, HttpStatusCode.Forbidden, "AccessForbidden");
        using var noOrigin = await PreflightAsync($"/{bucket}/key", null, "PUT");
        await AssertS3ErrorAsync(noOrigin, HttpStatusCode.BadRequest, "InvalidRequest");
        using var noMethod = await PreflightAsync($"/{bucket}/key", App, null);
        await AssertS3ErrorAsync(noMethod, HttpStatusCode.BadRequest, "InvalidRequest");
    }

    [Fact]
    public async Task ActualRequestsFromAnAllowedOriginCarryTheHeadersErrorsIncluded()
    {
        var bucket = await BucketWithRulesAsync();
        var upload = await InitiateAsync(bucket, "page-upload");
        var body = RandomBytes(1024, 7);
        using var part = await TestSigV4Signer.SendAsync(Http, HttpMethod.Put, $"/{bucket}/page-upload?partNumber=1&uploadId={upload}", body,
            customize: r => r.Headers.Add("Origin", App));
        Assert.Equal(HttpStatusCode.OK, part.StatusCode);
        Assert.Equal(App, Header(part, "Access-Control-Allow-Origin"));
        Assert.Equal("ETag, x-amz-request-id", Header(part, "Access-Control-Expose-Headers"));
        Assert.Contains("Origin", Header(part, "Vary")!, StringComparison.Ordinal);
        Assert.Equal("\"" + Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(body)) + "\"", Header(part, "ETag"));

        // An error answer (unknown upload) carries them too: the page can read why it failed.
        using var failed = await TestSigV4Signer.SendAsync(Http, HttpMethod.Put, $"/{bucket}/page-upload?partNumber=1&uploadId=no-such-upload", body,
            customize: r => r.Headers.Add("Origin", App));
        await AssertS3ErrorAsync(failed, HttpStatusCode.NotFound, "NoSuchUpload");
        Assert.Equal(App, Header(failed, "Access-Control-Allow-Origin"));

        // An unsigned request from an allowed origin is still refused (CORS is no authentication), with the headers.
        using var unsigned = new HttpRequestMessage(HttpMethod.Get, $"/{bucket}/page-upload");
        unsigned.Headers.Add("Origin", "http://anyone.test");
        using var denied = await Http.SendAsync(unsigned);
        await AssertS3ErrorAsync(denied, HttpStatusCode.Forbidden, "AccessDenied");
        Assert.Equal("*", Header(denied, "Access-Control-Allow-Origin"));

        // An origin no rule allows for the method gets none.
        using var other = await TestSigV4Signer.SendAsync(Http, HttpMethod.Put, $"/{bucket}/page-upload?partNumber=2&uploadId={upload}", body,
            customize: r => r.Headers.Add("Origin", "http://evil.test"));
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Null(Header(other, "Access-Control-Allow-Origin"));
        Assert.Null(Header(other, "Access-Control-Expose-Headers"));
    }

    [Fact]
    public async Task RulesSurviveARestart()
    {
        await using var host = await ServiceHost.StartAsync(StoreKind.Sqlite);
        var client = host.CreateS3Client();
        await client.PutBucketAsync("restart-cors");
        await client.PutCORSConfigurationAsync(new PutCORSConfigurationRequest
        {
            BucketName = "restart-cors",
            Configuration = new CORSConfiguration { Rules = [new CORSRule { AllowedOrigins = [App], AllowedMethods = ["PUT"] }] },
        });
        await host.RestartAsync();
        var rules = (await host.CreateS3Client().GetCORSConfigurationAsync(new GetCORSConfigurationRequest { BucketName = "restart-cors" })).Configuration.Rules;
        Assert.Equal([App], Assert.Single(rules).AllowedOrigins);
    }

    [Fact]
    public async Task DeletingTheBucketForgetsItsRules()
    {
        var bucket = await BucketWithRulesAsync();
        await S3.DeleteBucketAsync(bucket);
        await S3.PutBucketAsync(bucket);
        using var response = await TestSigV4Signer.SendAsync(Http, HttpMethod.Get, $"/{bucket}?cors");
        await AssertS3ErrorAsync(response, HttpStatusCode.NotFound, "NoSuchCORSConfiguration");
        using var preflight = await PreflightAsync($"/{bucket}/key", App, "PUT");
        Assert.Equal(HttpStatusCode.Forbidden, preflight.StatusCode);
    }
}
