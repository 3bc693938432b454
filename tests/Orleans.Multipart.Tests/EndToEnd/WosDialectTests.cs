using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Orleans.Multipart.Tests.Infrastructure;
using Orleans.Multipart.Tests.Infrastructure.Signers;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>The wos dialect over real HTTP: seed 002, the lifecycle, every error, and a real SigV2 client (boto3).</summary>
public sealed class WosDialectTests(SqliteServiceFixture fixture) : IClassFixture<SqliteServiceFixture>
{
    private const int MiB = 1024 * 1024;
    private static readonly XNamespace Ns = "http://wcs.chinanetcenter.com/document";
    private readonly ServiceHost _host = fixture.Host;
    private readonly WosClient _client = new(fixture.Host);

    private async Task<string> NewBucketAsync()
    {
        var name = "wos-" + Guid.NewGuid().ToString("N")[..10];
        Assert.Equal(200, (await _client.SendAsync(HttpMethod.Put, "/" + name)).Status);
        return name;
    }

    private async Task<string> InitiateAsync(string bucket, string key)
    {
        var reply = await _client.SendAsync(HttpMethod.Post, $"/{bucket}/{key}", "uploads");
        Assert.True(reply.Status == 200, reply.Text);
        return XDocument.Parse(reply.Text).Root!.Element(Ns + "UploadId")!.Value;
    }

    private static byte[] CompleteXml(params (int Number, string ETag)[] parts) => Encoding.UTF8.GetBytes(
        "<CompleteMultipartUpload>" + string.Concat(parts.Select(p => $"<Part><PartNumber>{p.Number}</PartNumber><ETag>{p.ETag}</ETag></Part>")) + "</CompleteMultipartUpload>");

    private static void AssertError(Reply reply, int status, string code)
    {
        Assert.True(reply.Status == status, $"expected {status} {code}, got {reply.Status}: {reply.Text}");
        var root = XDocument.Parse(reply.Text).Root!;
        Assert.Equal("Error", root.Name.LocalName);
        Assert.Equal("", root.Name.NamespaceName);
        Assert.Equal(code, root.Element("Code")!.Value);
        Assert.NotNull(reply.Header("x-wos-request-id"));
    }

    [Fact]
    public async Task Seed002InitiateMatchesTheGoldenResponse()
    {
        Assert.Equal(200, (await _client.SendAsync(HttpMethod.Put, "/bucket01")).Status);
        _client.Prefix = "AWS"; // the seed's example uses the older prefix
        var reply = await _client.SendAsync(HttpMethod.Post, "/bucket01/objectkey", "uploads");
        _client.Prefix = "WOS";
        Assert.Equal(200, reply.Status);
        Assert.NotNull(reply.Header("x-wos-request-id"));
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\" standalone=\"yes\"?>", reply.Text, StringComparison.OrdinalIgnoreCase);
        var root = XDocument.Parse(reply.Text).Root!;
        Assert.Equal(Ns + "InitiateMultipartUploadResult", root.Name);
        Assert.Equal(["Bucket", "Key", "UploadId"], root.Elements().Select(e => e.Name.LocalName));
        Assert.Equal("bucket01", root.Element(Ns + "Bucket")!.Value);
        Assert.Equal("objectkey", root.Element(Ns + "Key")!.Value);
        Assert.NotEmpty(root.Element(Ns + "UploadId")!.Value);
    }

    [Fact]
    public async Task UploadsInTheUrlButNotInTheSignatureIsSignatureDoesNotMatch()
    {
        var bucket = await NewBucketAsync();
        _client.SignedQueryOverride = "";
        AssertError(await _client.SendAsync(HttpMethod.Post, $"/{bucket}/k", "uploads"), 403, "SignatureDoesNotMatch");
        _client.SignedQueryOverride = "uploads";
        AssertError(await _client.SendAsync(HttpMethod.Post, $"/{bucket}/k", "upload"), 403, "SignatureDoesNotMatch");
        _client.SignedQueryOverride = null;
    }

    [Fact]
    public async Task LifecycleInitiatePartsListCompleteGetAbort()
    {
        var bucket = await NewBucketAsync();
        var uploadId = await InitiateAsync(bucket, "a/b.bin");
        var data = new[] { RandomNumberGenerator.GetBytes(5 * MiB), RandomNumberGenerator.GetBytes(5 * MiB), RandomNumberGenerator.GetBytes(77) };
        var etags = await Task.WhenAll(data.Select(async (d, i) =>
        {
            var r = await _client.SendAsync(HttpMethod.Put, $"/{bucket}/a/b.bin", $"partNumber={i + 1}&uploadId={uploadId}", d);
            Assert.True(r.Status == 200, r.Text);
            return r.Header("etag")!;
        }));

        var parts = XDocument.Parse((await _client.SendAsync(HttpMethod.Get, $"/{bucket}/a/b.bin", $"uploadId={uploadId}&max-parts=2")).Text).Root!;
        Assert.Equal("ListPartsResult", parts.Name.LocalName);
        Assert.Equal("true", parts.Element(Ns + "IsTruncated")!.Value);
        var uploads = XDocument.Parse((await _client.SendAsync(HttpMethod.Get, $"/{bucket}", "uploads")).Text).Root!;
        Assert.Equal(uploadId, uploads.Element(Ns + "Upload")!.Element(Ns + "UploadId")!.Value);

        var complete = await _client.SendAsync(HttpMethod.Post, $"/{bucket}/a/b.bin", $"uploadId={uploadId}", CompleteXml(etags.Select((e, i) => (i + 1, e)).ToArray()));
        Assert.True(complete.Status == 200, complete.Text);
        Assert.Equal(["Location", "Bucket", "Key", "ETag"], XDocument.Parse(complete.Text).Root!.Elements().Select(e => e.Name.LocalName));
        Assert.Equal(data.SelectMany(d => d).ToArray(), (await _client.SendAsync(HttpMethod.Get, $"/{bucket}/a/b.bin")).Body);

        var second = await InitiateAsync(bucket, "a/b.bin");
        var abort = await _client.SendAsync(HttpMethod.Delete, $"/{bucket}/a/b.bin", $"uploadId={second}");
        Assert.Equal(200, abort.Status);
        Assert.Equal("0", abort.Header("content-length"));
        AssertError(await _client.SendAsync(HttpMethod.Get, $"/{bucket}/a/b.bin", $"uploadId={second}"), 404, "NoSuchUpload");
    }

    /// <summary>The wos-only errors and edges (the errors every dialect has are in <see cref="DialectErrorTableTests"/>); none of them changes the upload.</summary>
    [Fact]
    public async Task EveryErrorIsAnsweredInWosFormat()
    {
        var bucket = await NewBucketAsync();
        var uploadId = await InitiateAsync(bucket, "k");
        var small = (await _client.SendAsync(HttpMethod.Put, $"/{bucket}/k", $"partNumber=1&uploadId={uploadId}", [1])).Header("etag")!;
        var last = (await _client.SendAsync(HttpMethod.Put, $"/{bucket}/k", $"partNumber=2&uploadId={uploadId}", [2])).Header("etag")!;

        AssertError(await _client.SendAsync(HttpMethod.Put, "/a..b"), 400, "InvalidBucketName");
        AssertError(await _client.SendAsync(HttpMethod.Put, "/trailing-"), 400, "InvalidBucketName");
        AssertError(await _client.SendAsync(HttpMethod.Put, $"/{bucket}/k", "partNumber=3", [1]), 400, "InvalidArgument");
        AssertError(await _client.SendAsync(HttpMethod.Post, $"/{bucket}/k", $"uploadId={uploadId}", CompleteXml((2, last), (1, small))), 400, "InvalidPartOrder");
        AssertError(await _client.SendAsync(HttpMethod.Post, $"/{bucket}/k", $"uploadId={uploadId}", CompleteXml((3, last))), 400, "InvalidPart");
        AssertError(await _client.SendAsync(HttpMethod.Post, $"/{bucket}/k", $"uploadId={uploadId}", CompleteXml()), 400, "InvalidRequest");
        AssertError(await _client.SendAsync(HttpMethod.Get, $"/{bucket}/other", $"uploadId={uploadId}"), 404, "NoSuchUpload");
        AssertError(await _client.SendAsync(HttpMethod.Put, $"/{bucket}/k", $"partNumber=3&uploadId={uploadId}", [1, 2],
            new Dictionary<string, string> { ["Content-MD5"] = Convert.ToBase64String(MD5.HashData([9])) }), 400, "BadDigest");

        _client.AccessKey = "nobody";
        AssertError(await _client.SendAsync(HttpMethod.Post, $"/{bucket}/x", "uploads"), 403, "InvalidAccessKeyId");
        _client.AccessKey = ServiceHost.AccessKey;
        _client.ClockOffset = TimeSpan.FromMinutes(-16);
        AssertError(await _client.SendAsync(HttpMethod.Post, $"/{bucket}/x", "uploads"), 403, "RequestTimeTooSkewed");
        _client.ClockOffset = TimeSpan.Zero;
        _client.Sign = false;
        AssertError(await _client.SendAsync(HttpMethod.Post, $"/{bucket}/x", "uploads"), 403, "AccessDenied");
        _client.Sign = true;

        var parts = XDocument.Parse((await _client.SendAsync(HttpMethod.Get, $"/{bucket}/k", $"uploadId={uploadId}")).Text).Root!;
        Assert.Equal(["1", "2"], parts.Elements(Ns + "Part").Select(p => p.Element(Ns + "PartNumber")!.Value));
    }

    [Fact]
    public async Task PresignedUrlsWorkUntilTheyExpire()
    {
        var bucket = await NewBucketAsync();
        Assert.Equal(200, (await _client.SendAsync(HttpMethod.Put, $"/{bucket}/shared", body: Encoding.UTF8.GetBytes("wos-presigned"))).Status);
        var anonymous = new WosClient(_host) { Sign = false };
        string Url(long expires) =>
            $"WOSAccessKeyId={ServiceHost.AccessKey}&Expires={expires}&Signature=" +
            Uri.EscapeDataString(WosTestSigner.Sign(ServiceHost.SecretKey, WosTestSigner.StringToSign("GET", "", "", expires.ToString(System.Globalization.CultureInfo.InvariantCulture), [], $"/{bucket}/shared", [])));
        var reply = await anonymous.SendAsync(HttpMethod.Get, $"/{bucket}/shared", Url(DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds()));
        Assert.True(reply.Status == 200, reply.Text);
        Assert.Equal("wos-presigned", reply.Text);
        AssertError(await anonymous.SendAsync(HttpMethod.Get, $"/{bucket}/shared", Url(DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds())), 403, "AccessDenied");
    }

    /// <summary>boto3 with signature_version='s3' (SigV2, "AWS ak:sig", x-amz- headers) against the wos dialect.</summary>
    [Fact]
    public async Task Boto3SigV2ClientCompletesAMultipartUpload()
    {
        var python = await Boto3.FindPythonAsync();
        Assert.True(python is not null, "No python3 with boto3: test.sh installs python3-boto3 with apt-get.");
        var bucket = await NewBucketAsync();
        var script = Path.Combine(Path.GetTempPath(), $"wos-boto3-{Guid.NewGuid():N}.py");
        await File.WriteAllTextAsync(script, """
            import sys, os, hashlib, boto3, botocore
            from botocore.config import Config
            endpoint, bucket, ak, sk, host = sys.argv[1:6]
            kwargs = dict(signature_version='s3', s3={'addressing_style': 'path'})
            try:
                cfg = Config(request_checksum_calculation='when_required', response_checksum_validation='when_required', **kwargs)
            except TypeError:
                cfg = Config(**kwargs)
            s3 = boto3.client('s3', endpoint_url=endpoint, aws_access_key_id=ak, aws_secret_access_key=sk, region_name='us-east-1', config=cfg)
            def set_host(request, **_):
                request.headers['Host'] = host
            s3.meta.events.register_first('before-sign.s3', set_host)
            parts = [os.urandom(5 * 1024 * 1024), os.urandom(1234)]
            up = s3.create_multipart_upload(Bucket=bucket, Key='boto/object')
            etags = [s3.upload_part(Bucket=bucket, Key='boto/object', UploadId=up['UploadId'], PartNumber=i + 1, Body=p)['ETag'] for i, p in enumerate(parts)]
            listed = s3.list_parts(Bucket=bucket, Key='boto/object', UploadId=up['UploadId'])
            assert [p['PartNumber'] for p in listed['Parts']] == [1, 2], listed
            s3.complete_multipart_upload(Bucket=bucket, Key='boto/object', UploadId=up['UploadId'],
                MultipartUpload={'Parts': [{'PartNumber': i + 1, 'ETag': e} for i, e in enumerate(etags)]})
            body = s3.get_object(Bucket=bucket, Key='boto/object')['Body'].read()
            assert hashlib.md5(body).digest() == hashlib.md5(b''.join(parts)).digest()
            up2 = s3.create_multipart_upload(Bucket=bucket, Key='boto/other')
            s3.abort_multipart_upload(Bucket=bucket, Key='boto/other', UploadId=up2['UploadId'])
            print('ok', boto3.__version__)
            """);
        var start = new ProcessStartInfo(python!, $"{script} {_host.BaseAddress.ToString().TrimEnd('/')} {bucket} {ServiceHost.AccessKey} {ServiceHost.SecretKey} {_client.HostHeader}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        string stdout, stderr;
        try
        {
            using var process = Process.Start(start)!;
            // Both pipes at once: a child that fills stderr while the test waits on stdout would hang both.
            var stdoutRead = process.StandardOutput.ReadToEndAsync();
            var stderrRead = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            (stdout, stderr) = (await stdoutRead, await stderrRead);
            Assert.True(process.ExitCode == 0, stdout + stderr);
        }
        finally
        {
            File.Delete(script);
        }

        Assert.StartsWith("ok", stdout);
    }
}
