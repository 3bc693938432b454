using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Orleans.Multipart.Gateway.Core;
using Orleans.Multipart.Gateway.S3;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.Unit;

/// <summary>The verifier against AWS's published SigV4 examples for S3 (GET Object, chunked PUT).</summary>
public sealed class SigV4VerifierTests
{
    private const string AccessKey = "AKIAIOSFODNN7EXAMPLE";
    private const string SecretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static readonly DateTimeOffset ExampleTime = new(2013, 5, 24, 0, 0, 0, TimeSpan.Zero);

    private sealed class Credentials : ICredentialStore
    {
        public ResolvedAccessKey? Find(string accessKey) => accessKey == AccessKey ? new(SecretKey, new Principal("test", AccessKey), "test", null) : null;

        public ValueTask LoadAsync(string accessKey, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    private static SigV4Verifier Verifier(DateTimeOffset now) => new(new Credentials(), new FakeTimeProvider(now), Options.Create(new GatewayOptions()));

    private static DefaultHttpContext GetObjectExample(string signature)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Features.Get<IHttpRequestFeature>()!.RawTarget = "/test.txt";
        context.Request.Headers.Host = "examplebucket.s3.amazonaws.com";
        context.Request.Headers.Range = "bytes=0-9";
        context.Request.Headers["x-amz-content-sha256"] = SigV4Verifier.EmptySha256;
        context.Request.Headers["x-amz-date"] = "20130524T000000Z";
        context.Request.Headers.Authorization = $"AWS4-HMAC-SHA256 Credential={AccessKey}/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature={signature}";
        return context;
    }

    [Fact]
    public void AwsGetObjectExampleVerifies()
    {
        var context = GetObjectExample("f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
        var target = RequestTarget.Parse(context, "examplebucket");
        var result = Verifier(ExampleTime).Verify(context.Request, target);
        Assert.Equal(AccessKey, result.AccessKey);
        Assert.Equal("examplebucket", target.Bucket);
        Assert.Equal("test.txt", target.Key);
    }

    [Fact]
    public void TestSignerProducesTheAwsExampleSignature()
    {
        var headers = new Dictionary<string, string>
        {
            ["host"] = "examplebucket.s3.amazonaws.com",
            ["range"] = "bytes=0-9",
            ["x-amz-content-sha256"] = SigV4Verifier.EmptySha256,
            ["x-amz-date"] = "20130524T000000Z",
        };
        var canonical = TestSigV4Signer.Canonical("GET", "/test.txt", "", headers, "host;range;x-amz-content-sha256;x-amz-date", SigV4Verifier.EmptySha256);
        Assert.Equal("f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41", TestSigV4Signer.Signature(SecretKey, "20130524", "us-east-1", "20130524T000000Z", canonical));
    }

    private sealed class RotatingCredentials : ICredentialStore
    {
        public string Secret { get; set; } = SecretKey;

        public ResolvedAccessKey? Find(string accessKey) => accessKey == AccessKey ? new(Secret, new Principal("test", AccessKey), "test", null) : null;

        public ValueTask LoadAsync(string accessKey, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    /// <summary>The verifier keeps signing keys between requests (issue 20); a changed secret must still take effect at once, both ways.</summary>
    [Fact]
    public void AChangedSecretTakesEffectDespiteTheSigningKeyCache()
    {
        var credentials = new RotatingCredentials();
        var verifier = new SigV4Verifier(credentials, new FakeTimeProvider(ExampleTime), Options.Create(new GatewayOptions()));
        DefaultHttpContext Request() => GetObjectExample("f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
        SigV4Context Verify(DefaultHttpContext c) => verifier.Verify(c.Request, RequestTarget.Parse(c, "examplebucket"));

        Assert.Equal(AccessKey, Verify(Request()).AccessKey);
        Assert.Equal(AccessKey, Verify(Request()).AccessKey);
        credentials.Secret = "another-secret";
        var ex = Assert.Throws<DialectException>(() => Verify(Request()));
        Assert.Equal("SignatureDoesNotMatch", ErrorCatalogue.Describe(DialectNames.S3, ex.Error).Code);
        credentials.Secret = SecretKey;
        Assert.Equal(AccessKey, Verify(Request()).AccessKey);
    }

    [Fact]
    public void AlteredSignatureIsRefused()
    {
        var context = GetObjectExample("f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb42");
        var ex = Assert.Throws<DialectException>(() => Verifier(ExampleTime).Verify(context.Request, RequestTarget.Parse(context, "examplebucket")));
        Assert.Equal("SignatureDoesNotMatch", ErrorCatalogue.Describe(DialectNames.S3, ex.Error).Code);
        Assert.Equal(403, ErrorCatalogue.Describe(DialectNames.S3, ex.Error).Status);
    }

    [Fact]
    public void SkewedClockIsRefused()
    {
        var context = GetObjectExample("f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
        var ex = Assert.Throws<DialectException>(() => Verifier(ExampleTime.AddMinutes(16)).Verify(context.Request, RequestTarget.Parse(context, "examplebucket")));
        Assert.Equal("RequestTimeTooSkewed", ErrorCatalogue.Describe(DialectNames.S3, ex.Error).Code);
    }

    [Fact]
    public async Task AwsChunkedExampleDecodesAndVerifiesEveryChunk()
    {
        var (context, body) = ChunkedExample(tamperFinalSignature: false);
        var target = RequestTarget.Parse(context, null);
        var auth = Verifier(ExampleTime).Verify(context.Request, target);
        Assert.Equal(PayloadMode.StreamingSigned, auth.Payload);
        Assert.Equal("4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9", auth.Signature);

        var decoded = new MemoryStream();
        await new AwsChunkedStream(new MemoryStream(body), auth, signedTrailer: false, trailerChecksum: null).CopyToAsync(decoded);
        Assert.Equal(66560, decoded.Length);
        Assert.All(decoded.ToArray(), b => Assert.Equal((byte)'a', b));
    }

    [Fact]
    public async Task AwsChunkedExampleWithABadChunkSignatureFails()
    {
        var (context, body) = ChunkedExample(tamperFinalSignature: true);
        var auth = Verifier(ExampleTime).Verify(context.Request, RequestTarget.Parse(context, null));
        var ex = await Assert.ThrowsAsync<DialectException>(() => new AwsChunkedStream(new MemoryStream(body), auth, false, null).CopyToAsync(Stream.Null));
        Assert.Equal("SignatureDoesNotMatch", ErrorCatalogue.Describe(DialectNames.S3, ex.Error).Code);
    }

    [Fact]
    public async Task UnsignedTrailerChecksumIsVerified()
    {
        var data = Encoding.ASCII.GetBytes("hello world");
        var crc = BodyChecksum.ForHeader("x-amz-checksum-crc32")!;
        crc.Append(data);
        var good = Encoding.ASCII.GetBytes($"b\r\nhello world\r\n0\r\nx-amz-checksum-crc32:{crc.ToBase64()}\r\n\r\n");
        var output = new MemoryStream();
        await new AwsChunkedStream(new MemoryStream(good), null, false, BodyChecksum.ForHeader("x-amz-checksum-crc32")).CopyToAsync(output);
        Assert.Equal(data, output.ToArray());
        Assert.Equal("DUoRhQ==", crc.ToBase64()); // CRC32("hello world") = 0x0d4a1185

        var bad = Encoding.ASCII.GetBytes("b\r\nhello world\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n");
        var ex = await Assert.ThrowsAsync<DialectException>(() => new AwsChunkedStream(new MemoryStream(bad), null, false, BodyChecksum.ForHeader("x-amz-checksum-crc32")).CopyToAsync(Stream.Null));
        Assert.Equal("BadDigest", ErrorCatalogue.Describe(DialectNames.S3, ex.Error).Code);
    }

    private static (DefaultHttpContext, byte[]) ChunkedExample(bool tamperFinalSignature)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "PUT";
        context.Features.Get<IHttpRequestFeature>()!.RawTarget = "/examplebucket/chunkObject.txt";
        context.Request.Headers.Host = "s3.amazonaws.com";
        context.Request.Headers["x-amz-date"] = "20130524T000000Z";
        context.Request.Headers["x-amz-storage-class"] = "REDUCED_REDUNDANCY";
        context.Request.Headers.ContentEncoding = "aws-chunked";
        context.Request.Headers["x-amz-decoded-content-length"] = "66560";
        context.Request.Headers.ContentLength = 66824;
        context.Request.Headers["x-amz-content-sha256"] = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
        context.Request.Headers.Authorization = $"AWS4-HMAC-SHA256 Credential={AccessKey}/20130524/us-east-1/s3/aws4_request,SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class,Signature=4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";

        var body = new MemoryStream();
        void Chunk(int size, string signature)
        {
            body.Write(Encoding.ASCII.GetBytes($"{size:x};chunk-signature={signature}\r\n"));
            body.Write(Enumerable.Repeat((byte)'a', size).ToArray());
            body.Write("\r\n"u8);
        }

        Chunk(65536, "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648");
        Chunk(1024, "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497");
        Chunk(0, tamperFinalSignature ? "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df8" : "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9");
        return (context, body.ToArray());
    }
}
