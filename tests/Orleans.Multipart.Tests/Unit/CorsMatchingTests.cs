using Orleans.Multipart.Gateway.Pipeline;

namespace Orleans.Multipart.Tests.Unit;

/// <summary>Which rule a cross-origin request meets (S3's evaluation: the first rule matching origin, method and every requested header).</summary>
public sealed class CorsMatchingTests
{
    private static readonly CorsConfiguration Rules = new(
    [
        new CorsRule { Id = "exact", AllowedOrigins = ["https://app.example.com"], AllowedMethods = ["PUT", "POST"], AllowedHeaders = ["content-type", "x-amz-*"], ExposeHeaders = ["ETag"] },
        new CorsRule { Id = "subdomains", AllowedOrigins = ["https://*.example.com"], AllowedMethods = ["GET"], AllowedHeaders = ["*"] },
        new CorsRule { Id = "any-port", AllowedOrigins = ["http://localhost:*"], AllowedMethods = ["GET", "HEAD"] },
        new CorsRule { Id = "everyone", AllowedOrigins = ["*"], AllowedMethods = ["DELETE"] },
    ]);

    [Theory]
    [InlineData("https://app.example.com", "PUT", "", "exact")]
    [InlineData("https://app.example.com", "POST", "Content-Type", "exact")] // header names compare case-insensitively
    [InlineData("https://app.example.com", "PUT", "content-type, x-amz-date,X-Amz-Content-Sha256", "exact")] // x-amz-* covers both
    [InlineData("https://app.example.com", "PUT", "content-md5", null)] // one header no rule allows: no match
    [InlineData("https://app.example.com", "GET", "anything", "subdomains")] // the first rule lacks GET; the wildcard rule takes it
    [InlineData("https://a.b.example.com", "GET", "", "subdomains")] // * spans dots
    [InlineData("https://example.com", "GET", "", null)] // *.example.com needs something before the dot
    [InlineData("http://app.example.com", "GET", "", null)] // the scheme is part of the origin
    [InlineData("https://APP.example.com", "PUT", "", null)] // origins compare exactly
    [InlineData("https://app.example.com.evil.test", "GET", "", null)] // the suffix must end the origin
    [InlineData("http://localhost:5173", "HEAD", "", "any-port")]
    [InlineData("http://localhost:5173", "PUT", "", null)] // method not allowed by any matching origin's rule
    [InlineData("http://localhost:5173", "get", "", null)] // methods compare exactly
    [InlineData("https://anyone.test", "DELETE", "", "everyone")]
    [InlineData("https://anyone.test", "DELETE", "x-custom", null)] // a rule without AllowedHeader allows no request header
    public void TheFirstMatchingRuleWins(string origin, string method, string requestHeaders, string? expected)
    {
        var match = CorsMatching.FirstMatch(Rules, origin, method, CorsMatching.RequestedHeaders(requestHeaders));
        Assert.Equal(expected, match?.Rule.Id);
    }

    [Fact]
    public void TheMatchingOriginPatternIsReported()
    {
        Assert.Equal("*", CorsMatching.FirstMatch(Rules, "https://anyone.test", "DELETE", [])!.Value.Origin);
        Assert.Equal("https://*.example.com", CorsMatching.FirstMatch(Rules, "https://x.example.com", "GET", [])!.Value.Origin);
    }

    [Fact]
    public void NoRulesMatchNothing() => Assert.Null(CorsMatching.FirstMatch(null, "https://app.example.com", "PUT", []));

    [Theory]
    [InlineData("*", "", true)]
    [InlineData("a*", "a", true)]
    [InlineData("*b", "ab", true)]
    [InlineData("a*b", "ab", true)]
    [InlineData("a*b", "a", false)] // prefix and suffix may not overlap
    [InlineData("aba*aba", "aba", false)]
    [InlineData("x-amz-*", "x-amz-meta-a", true)]
    [InlineData("x-amz-*", "x-amzmeta", false)]
    public void Wildcards(string pattern, string value, bool matches) => Assert.Equal(matches, CorsMatching.Glob(pattern, value, StringComparison.Ordinal));

    [Theory]
    [InlineData(0, null, false)]
    [InlineData(101, null, false)]
    [InlineData(100, null, true)]
    [InlineData(1, "PATCH", false)]
    [InlineData(1, "OPTIONS", false)]
    [InlineData(1, "get", false)]
    public void WhatCanBeStored(int rules, string? method, bool valid)
    {
        var rule = new CorsRule { AllowedOrigins = ["*"], AllowedMethods = method is null ? ["GET"] : [method] };
        Assert.Equal(valid, new CorsConfiguration(Enumerable.Repeat(rule, rules).ToList()).Problem() is null);
    }

    [Fact]
    public void AnOriginOrHeaderWithTwoWildcardsIsRefused()
    {
        Assert.NotNull(new CorsConfiguration([new CorsRule { AllowedOrigins = ["https://*.*.example.com"], AllowedMethods = ["GET"] }]).Problem());
        Assert.NotNull(new CorsConfiguration([new CorsRule { AllowedOrigins = ["*"], AllowedMethods = ["GET"], AllowedHeaders = ["x-*-*"] }]).Problem());
    }
}
