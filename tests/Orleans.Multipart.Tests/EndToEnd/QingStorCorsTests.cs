using System.Text;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>QingStor's PUT / GET / DELETE Bucket CORS (JSON) and OPTIONS Object, over real HTTP with a QS-signing client.</summary>
public sealed class QingStorCorsTests(SqliteServiceFixture fixture) : IClassFixture<SqliteServiceFixture>
{
    private const string Rules = """
        {"resp_vary":"enable","cors_rules":[
          {"allowed_origin":"http://*.qingcloud.com","allowed_methods":["PUT","GET","DELETE","POST"],
           "allowed_headers":["x-qs-date","Content-Type","Content-MD5","Authorization"],"max_age_seconds":200,"expose_headers":["x-qs-date","ETag"]},
          {"allowed_origin":"*","allowed_methods":["*"]}]}
        """;

    private readonly ServiceHost _host = fixture.Host;

    private async Task<QingStorClient> NewBucketAsync()
    {
        var name = "qscors-" + Guid.NewGuid().ToString("N")[..10];
        Assert.Equal(200, (await new QingStorClient(_host).SendAsync(HttpMethod.Put, "/" + name)).Status);
        return new QingStorClient(_host, $"{name}.pek3a.qingstor.test");
    }

    [Fact]
    public async Task TheDocumentedRulesRoundTrip()
    {
        var bucket = await NewBucketAsync();
        var empty = await bucket.SendAsync(HttpMethod.Get, "/", "cors");
        Assert.Equal(200, empty.Status);
        Assert.Equal(0, empty.Json.GetProperty("cors_rules").GetArrayLength());

        Assert.Equal(200, (await bucket.SendAsync(HttpMethod.Put, "/", "cors", Encoding.UTF8.GetBytes(Rules))).Status);
        var got = await bucket.SendAsync(HttpMethod.Get, "/", "cors");
        Assert.Equal(200, got.Status);
        var rules = got.Json.GetProperty("cors_rules").EnumerateArray().ToList();
        Assert.Equal(2, rules.Count);
        Assert.Equal(["allowed_origin", "allowed_methods", "allowed_headers", "expose_headers", "max_age_seconds"], rules[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal("http://*.qingcloud.com", rules[0].GetProperty("allowed_origin").GetString());
        Assert.Equal(["PUT", "GET", "DELETE", "POST"], rules[0].GetProperty("allowed_methods").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(200, rules[0].GetProperty("max_age_seconds").GetInt32());
        Assert.Equal(["DELETE", "GET", "HEAD", "POST", "PUT"], rules[1].GetProperty("allowed_methods").EnumerateArray().Select(m => m.GetString())); // "*": all five

        Assert.Equal(204, (await bucket.SendAsync(HttpMethod.Delete, "/", "cors")).Status);
        Assert.Equal(0, (await bucket.SendAsync(HttpMethod.Get, "/", "cors")).Json.GetProperty("cors_rules").GetArrayLength());
    }

    [Theory]
    [InlineData("""{"cors_rules":[{"allowed_origin":"*","allowed_methods":["PATCH"]}]}""", "invalid_argument")]
    [InlineData("""{"cors_rules":[{"allowed_methods":["GET"]}]}""", "invalid_argument")]
    [InlineData("""{"rules":[]}""", "invalid_argument")]
    public async Task ABadDocumentIsRefused(string document, string code)
    {
        var bucket = await NewBucketAsync();
        var reply = await bucket.SendAsync(HttpMethod.Put, "/", "cors", Encoding.UTF8.GetBytes(document));
        Assert.Equal(400, reply.Status);
        Assert.Equal(code, reply.Json.GetProperty("code").GetString());
    }

    [Fact]
    public async Task OptionsObjectIsAnsweredFromTheRulesWithoutASignature()
    {
        var bucket = await NewBucketAsync();
        Assert.Equal(200, (await bucket.SendAsync(HttpMethod.Put, "/", "cors", Encoding.UTF8.GetBytes(Rules))).Status);
        bucket.Sign = false;
        var allowed = await bucket.SendAsync(HttpMethod.Options, "/photo.jpg", headers: new Dictionary<string, string>
        {
            ["Origin"] = "http://console.qingcloud.com",
            ["Access-Control-Request-Method"] = "PUT",
            ["Access-Control-Request-Headers"] = "content-type,x-qs-date",
        });
        Assert.Equal(200, allowed.Status);
        Assert.Equal("http://console.qingcloud.com", allowed.Header("Access-Control-Allow-Origin"));
        Assert.Equal("PUT, GET, DELETE, POST", allowed.Header("Access-Control-Allow-Methods"));
        Assert.Equal("content-type, x-qs-date", allowed.Header("Access-Control-Allow-Headers"));
        Assert.Equal("x-qs-date, ETag", allowed.Header("Access-Control-Expose-Headers"));
        Assert.Equal("200", allowed.Header("Access-Control-Max-Age"));
        Assert.NotNull(allowed.Header("X-QS-Request-ID"));

        // The * rule allows any origin but no request headers.
        var refused = await bucket.SendAsync(HttpMethod.Options, "/photo.jpg", headers: new Dictionary<string, string>
        {
            ["Origin"] = "http://elsewhere.test",
            ["Access-Control-Request-Method"] = "PUT",
            ["Access-Control-Request-Headers"] = "content-type",
        });
        Assert.Equal(403, refused.Status);
        Assert.Equal("permission_denied", refused.Json.GetProperty("code").GetString());
        Assert.Null(refused.Header("Access-Control-Allow-Origin"));
    }
}
