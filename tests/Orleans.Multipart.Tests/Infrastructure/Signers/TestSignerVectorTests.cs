namespace Orleans.Multipart.Tests.Infrastructure.Signers;

/// <summary>
/// Each test signer reproduces the vectors documented in shared/reference/dialects.md (and AWS's
/// published SigV2 / SigV4 examples), so the end-to-end tests sign from the documents, not from the gateway.
/// </summary>
public sealed class TestSignerVectorTests
{
    private static KeyValuePair<string, string> P(string k, string v) => new(k, v);

    [Fact]
    public void CdcsQSignReproducesTheVendorSdkVector()
    {
        var authorization = CdcsTestSigner.Authorization("QmFzZTY0IGlzIGEgZ2VuZXJp", "AKIDZfbOA78asKUYBcXFrJD0a1ICvR98JM", "PUT", "/testfile2", 1480932292, 1481012292, [],
        [
            P("Host", "testbucket-125000000.cos.ap-guangzhou.myqcloud.com"),
            P("x-cos-content-sha1", "db8ac1c259eb89d4a131b253bacfca5f319d54f2"),
            P("x-cos-stroage-class", "nearline"),
        ]);
        Assert.Equal(
            "q-sign-algorithm=sha1&q-ak=QmFzZTY0IGlzIGEgZ2VuZXJp&q-sign-time=1480932292;1481012292&q-key-time=1480932292;1481012292"
            + "&q-header-list=host;x-cos-content-sha1;x-cos-stroage-class&q-url-param-list=&q-signature=ce4ac0ecbcdb30538b3fee0a97cc6389694ce53a",
            authorization);
    }

    /// <summary>The encoding rule: bytes outside A-Za-z0-9-_.~ as uppercase %XX; a bare "uploads" is "uploads=".</summary>
    [Theory]
    [InlineData("uploads", "", "uploads", "uploads=")]
    [InlineData("Prefix", "a b/ü", "prefix", "prefix=a%20b%2F%C3%BC")]
    [InlineData("x~y", "1*2", "x~y", "x~y=1%2A2")]
    public void CdcsParametersAreEncodedLowercasedAndListed(string key, string value, string listed, string joined) =>
        Assert.Equal((listed, joined), CdcsTestSigner.Canonical([P(key, value)]));

    [Fact]
    public void WosSigV2ReproducesAwsDocumentedExample()
    {
        var toSign = WosTestSigner.StringToSign("GET", "", "", "Tue, 27 Mar 2007 19:36:42 +0000", [], "/awsexamplebucket1/photos/puppy.jpg", []);
        Assert.Equal("GET\n\n\nTue, 27 Mar 2007 19:36:42 +0000\n/awsexamplebucket1/photos/puppy.jpg", toSign);
        Assert.Equal("qgk2+6Sv9/oM7G3qLEjTH1a1l1g=", WosTestSigner.Sign("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", toSign));
    }

    [Fact]
    public void WosSignsXWosHeadersAndSortedSubResourcesOnly()
    {
        var toSign = WosTestSigner.StringToSign("PUT", "md5", "text/plain", "d", [P("X-WOS-Meta-B", "2"), P("x-wos-meta-a", " 1 "), P("Content-Length", "3")],
            "/b/k", [P("uploadId", "u1"), P("partNumber", "3"), P("max-parts", "9")]);
        Assert.Equal("PUT\nmd5\ntext/plain\nd\nx-wos-meta-a:1\nx-wos-meta-b:2\n/b/k?partNumber=3&uploadId=u1", toSign);
        Assert.Equal("POST\n\n\nd\n/b/k?uploads", WosTestSigner.StringToSign("POST", "", "", "d", [], "/b/k", [P("uploads", "")]));
    }

    [Fact]
    public void S3SigV2ReproducesAwsDocumentedExample() =>
        Assert.Equal("bWq2s1WEIj+Ydj0vQ697zp+IXMU=", S3SigV2TestSigner.Sign("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "GET\n\n\nTue, 27 Mar 2007 19:36:42 +0000\n/johnsmith/photos/puppy.jpg"));

    [Fact]
    public void QingStorReproducesTheThreeDocumentedVectors()
    {
        const string Date = "Mon, 01 Jan 0001 00:00:00 GMT";
        var query = new[] { P("acl", ""), P("upload_id", "fde133b5f6d932cd9c79bac3c7318da1"), P("part_number", "0"), P("other", "abc") };
        var root = QingStorTestSigner.CanonicalResource(null, "", query);
        Assert.Equal("/?acl&part_number=0&upload_id=fde133b5f6d932cd9c79bac3c7318da1", root);

        var headers = new List<KeyValuePair<string, string>> { P("Date", Date), P("X-QS-Test-1", "Test 1"), P("X-QS-Test-2", "Test 2") };
        Assert.Equal("bvglZF9iMOv1RaCTxPYWxexmt1UN2m5WKngYnhDEp2c=", QingStorTestSigner.Sign("ENV_SECRET_ACCESS_KEY", QingStorTestSigner.StringToSign("GET", "", "", Date, headers, root)));

        headers.Add(P("X-QS-Date", Date));
        var dated = QingStorTestSigner.StringToSign("GET", "", "", Date, headers, root);
        Assert.StartsWith("GET\n\n\n\nx-qs-date:", dated, StringComparison.Ordinal);
        Assert.Equal("qkY+tOMdqfDAVv+ZBtlWeEBxlbyIKaQmj5lQlylENzo=", QingStorTestSigner.Sign("ENV_SECRET_ACCESS_KEY", dated));

        var chinese = QingStorTestSigner.CanonicalResource("bucket-name", "/中文", []);
        Assert.Equal("/bucket-name/%E4%B8%AD%E6%96%87", chinese);
        Assert.Equal("XsTXX50kzqBf92zLG1aIUIJmZ0hqIHoaHgkumwnV3fs=", QingStorTestSigner.Sign("ENV_SECRET_ACCESS_KEY", QingStorTestSigner.StringToSign("GET", "", "", Date, [P("Date", Date)], chinese)));
    }

    [Theory]
    [InlineData("mybucket", "", "/mybucket/")]
    [InlineData("mybucket", "/a b+c=d/e", "/mybucket/a%20b%2Bc=d/e")]
    public void QingStorEscapesThePathAsDocumented(string bucket, string path, string expected) =>
        Assert.Equal(expected, QingStorTestSigner.CanonicalResource(bucket, path, [P("limit", "5"), P("part_number_marker", "1")]));

    [Fact]
    public void JssReproducesTheDocumentedVector()
    {
        var toSign = JssTestSigner.StringToSign("PUT", "0c791a8c18017c7ad1675936d12bae5d", "text/plain", "Thu, 13 Jul 2017 02:37:31 GMT",
            [P("x-jss-server-side-encryption", "false"), P("Content-Type", "text/plain")], JssTestSigner.CanonicalResource("oss-test", "sign.txt", []));
        Assert.Equal("PUT\n0c791a8c18017c7ad1675936d12bae5d\ntext/plain\nThu, 13 Jul 2017 02:37:31 GMT\nx-jss-server-side-encryption:false\n/oss-test/sign.txt", toSign);
        Assert.Equal("xvj2Iv7WcSwnN26XYnTq/c2YBQs=", JssTestSigner.Sign("1MYaiNh3NeN9SuxaqFjSrc7I49rWKkQCxpl9eLNZ", toSign));
    }

    [Theory]
    [InlineData(null, "", "uploads", "/?uploads")]
    [InlineData("b", "", "uploads", "/b?uploads")]
    [InlineData("b", "k", "uploadId=u&partNumber=2&x=1", "/b/k?uploadId=u&partNumber=2")]
    public void JssResourceKeepsTheDocumentedSubResourcesInOrder(string? bucket, string key, string query, string expected)
    {
        var pairs = query.Split('&').Select(p => p.Split('=') is var kv && kv.Length == 2 ? P(kv[0], kv[1]) : P(kv[0], ""));
        Assert.Equal(expected, JssTestSigner.CanonicalResource(bucket, key, pairs));
    }

    /// <summary>AWS's documented SigV4 "GET Object" example, through the test SigV4 signer the raw s3 tests use.</summary>
    [Fact]
    public void TestSigV4SignerReproducesAwsGetObjectExample()
    {
        const string EmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        var headers = new Dictionary<string, string>
        {
            ["host"] = "examplebucket.s3.amazonaws.com",
            ["range"] = "bytes=0-9",
            ["x-amz-content-sha256"] = EmptySha256,
            ["x-amz-date"] = "20130524T000000Z",
        };
        var canonical = TestSigV4Signer.Canonical("GET", "/test.txt", "", headers, "host;range;x-amz-content-sha256;x-amz-date", EmptySha256);
        Assert.Equal("f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
            TestSigV4Signer.Signature("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "20130524", "us-east-1", "20130524T000000Z", canonical));
    }
}
