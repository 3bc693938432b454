using Orleans.Multipart.Gateway.Cdcs;
using Orleans.Multipart.Gateway.Jss;
using Orleans.Multipart.Gateway.QingStor;
using Orleans.Multipart.Gateway.Wos;

namespace Orleans.Multipart.Tests.Unit;

/// <summary>The documented test vectors of ../shared/reference/dialects.md (and AWS's SigV2 example for the wos algorithm).</summary>
public sealed class VendorSignerTests
{
    private static KeyValuePair<string, string> P(string k, string v) => new(k, v);

    [Fact]
    public void CdcsQSignVector()
    {
        var signature = CdcsSigner.Signature(
            "AKIDZfbOA78asKUYBcXFrJD0a1ICvR98JM", "PUT", "/testfile2", "1480932292;1481012292", "1480932292;1481012292",
            [],
            [
                P("Host", "testbucket-125000000.cos.ap-guangzhou.myqcloud.com"),
                P("x-cos-content-sha1", "db8ac1c259eb89d4a131b253bacfca5f319d54f2"),
                P("x-cos-stroage-class", "nearline"),
            ]);
        Assert.Equal("ce4ac0ecbcdb30538b3fee0a97cc6389694ce53a", signature);
        Assert.Equal("host;x-cos-content-sha1;x-cos-stroage-class", CdcsSigner.NameList(["x-cos-stroage-class", "Host", "x-cos-content-sha1"]));
    }

    [Fact]
    public void WosSigV2MatchesAwsDocumentedExample()
    {
        var toSign = WosSigner.StringToSign("GET", "", "", "Tue, 27 Mar 2007 19:36:42 +0000", [], "/awsexamplebucket1/photos/puppy.jpg", []);
        Assert.Equal("GET\n\n\nTue, 27 Mar 2007 19:36:42 +0000\n/awsexamplebucket1/photos/puppy.jpg", toSign);
        Assert.Equal("qgk2+6Sv9/oM7G3qLEjTH1a1l1g=", WosSigner.Sign("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", toSign));
    }

    [Fact]
    public void WosSubResourcesAreSignedSorted()
    {
        var toSign = WosSigner.StringToSign("PUT", "", "", "d", [P("X-WOS-Meta-A", " x ")], "/b/k", [P("uploadId", "u1"), P("partNumber", "3"), P("other", "z")]);
        Assert.Equal("PUT\n\n\nd\nx-wos-meta-a:x\n/b/k?partNumber=3&uploadId=u1", toSign);
    }

    [Fact]
    public void QingStorVectors()
    {
        var query = new[] { P("acl", ""), P("upload_id", "fde133b5f6d932cd9c79bac3c7318da1"), P("part_number", "0"), P("other", "abc") };
        var headers = new List<KeyValuePair<string, string>> { P("Date", "Mon, 01 Jan 0001 00:00:00 GMT"), P("X-QS-Test-1", "Test 1"), P("X-QS-Test-2", "Test 2") };
        var toSign = QingStorSigner.StringToSign("GET", "", "", "Mon, 01 Jan 0001 00:00:00 GMT", headers, "/", query);
        Assert.Equal("bvglZF9iMOv1RaCTxPYWxexmt1UN2m5WKngYnhDEp2c=", QingStorSigner.Sign("ENV_SECRET_ACCESS_KEY", toSign));

        headers.Add(P("X-QS-Date", "Mon, 01 Jan 0001 00:00:00 GMT"));
        toSign = QingStorSigner.StringToSign("GET", "", "", "Mon, 01 Jan 0001 00:00:00 GMT", headers, "/", query);
        Assert.Equal("qkY+tOMdqfDAVv+ZBtlWeEBxlbyIKaQmj5lQlylENzo=", QingStorSigner.Sign("ENV_SECRET_ACCESS_KEY", toSign));

        toSign = QingStorSigner.StringToSign("GET", "", "", "Mon, 01 Jan 0001 00:00:00 GMT", [P("Date", "Mon, 01 Jan 0001 00:00:00 GMT")], "/bucket-name/中文", []);
        Assert.Equal("XsTXX50kzqBf92zLG1aIUIJmZ0hqIHoaHgkumwnV3fs=", QingStorSigner.Sign("ENV_SECRET_ACCESS_KEY", toSign));
    }

    /// <summary>
    /// The resource paths a QingStor signature may cover: the documented form and qingstor-sdk-python 2.6.0's (path-style
    /// bucket root "/bucket", request.py:110; keys as urllib.parse.quote writes them, build.py:147-153, '=' as %3D).
    /// </summary>
    [Theory]
    [InlineData(null, "", new[] { "/" })]
    [InlineData("bucket", "", new[] { "/bucket/", "/bucket" })]
    [InlineData("bucket", "plain/key.txt", new[] { "/bucket/plain/key.txt" })]
    [InlineData("bucket", "a=b", new[] { "/bucket/a=b", "/bucket/a%3Db" })]
    [InlineData("bucket", "中文 x=1+~", new[] { "/bucket/%E4%B8%AD%E6%96%87%20x=1%2B~", "/bucket/%E4%B8%AD%E6%96%87%20x%3D1%2B~" })]
    public void QingStorSignedResourcePaths(string? bucket, string key, string[] expected) =>
        Assert.Equal(expected, QingStorSigner.SignedResourcePaths(bucket, key));

    [Fact]
    public void JssVector()
    {
        var toSign = JssSigner.StringToSign("PUT", "0c791a8c18017c7ad1675936d12bae5d", "text/plain", "Thu, 13 Jul 2017 02:37:31 GMT",
            [P("x-jss-server-side-encryption", "false")], "/oss-test/sign.txt", []);
        Assert.Equal("PUT\n0c791a8c18017c7ad1675936d12bae5d\ntext/plain\nThu, 13 Jul 2017 02:37:31 GMT\nx-jss-server-side-encryption:false\n/oss-test/sign.txt", toSign);
        Assert.Equal("xvj2Iv7WcSwnN26XYnTq/c2YBQs=", JssSigner.Sign("1MYaiNh3NeN9SuxaqFjSrc7I49rWKkQCxpl9eLNZ", toSign));
    }
}
