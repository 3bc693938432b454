using System.Globalization;
using System.Net;
using System.Xml.Linq;
using Amazon.S3.Model;
using Orleans.Multipart.Tests.Infrastructure;
using Orleans.Multipart.Tests.Infrastructure.Signers;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// AWS Signature Version 2 on the s3 dialect with the clients that sign it: presigned URLs from the
/// AWS CLI v1 (<c>aws s3 presign</c>, V2 by default) and <c>s3cmd signurl</c>, and boto3 with
/// <c>signature_version='s3'</c> for the header form. test.sh installs the AWS CLI, s3cmd and boto3 when missing.
/// </summary>
public sealed class S3SigV2Tests(SqliteServiceFixture fixture) : S3TestBase(fixture), IClassFixture<SqliteServiceFixture>
{
    private const string Key = "dir/a b+c%.txt";

    private string Endpoint => Host.BaseAddress.ToString().TrimEnd('/');

    private async Task<string> BucketWithObjectAsync(string body)
    {
        var bucket = await NewBucketAsync();
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = Key, ContentBody = body });
        return bucket;
    }

    private static async Task<(HttpStatusCode Status, string Code, string Body)> FetchAsync(string url)
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        var code = response.IsSuccessStatusCode ? "" : XDocument.Parse(body).Root!.Element("Code")!.Value;
        return (response.StatusCode, code, body);
    }

    [Fact]
    public async Task AwsCliPresignedUrlServesTheObject()
    {
        var bucket = await BucketWithObjectAsync("from the cli");
        var result = await ExternalClient.RunAsync("aws", ["--endpoint-url", Endpoint, "s3", "presign", $"s3://{bucket}/{Key}", "--expires-in", "600"],
            new Dictionary<string, string>
            {
                ["AWS_ACCESS_KEY_ID"] = ServiceHost.AccessKey,
                ["AWS_SECRET_ACCESS_KEY"] = ServiceHost.SecretKey,
                ["AWS_DEFAULT_REGION"] = "us-east-1",
                ["AWS_CONFIG_FILE"] = "/dev/null",
                ["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null",
            });
        Assert.True(result.ExitCode == 0, result.Output);
        var url = result.Stdout.Trim();
        Assert.Contains("AWSAccessKeyId=", url); // the CLI's default: SigV2

        Assert.Equal((HttpStatusCode.OK, "", "from the cli"), await FetchAsync(url));
        var tampered = url.Replace("Expires=", "Expires=1", StringComparison.Ordinal);
        Assert.Equal("SignatureDoesNotMatch", (await FetchAsync(tampered)).Code);
    }

    [Fact]
    public async Task S3cmdSignedUrlServesTheObject()
    {
        var bucket = await BucketWithObjectAsync("from s3cmd");
        var hostPort = Host.BaseAddress.Authority;
        var result = await ExternalClient.RunAsync("s3cmd",
            ["--config=/dev/null", $"--access_key={ServiceHost.AccessKey}", $"--secret_key={ServiceHost.SecretKey}", $"--host={hostPort}", $"--host-bucket={hostPort}",
             "--no-ssl", "signurl", $"s3://{bucket}/{Key}", "+600"]);
        Assert.True(result.ExitCode == 0, result.Output);
        var url = result.Stdout.Trim().Split('\n')[^1];
        Assert.Contains("Signature=", url);

        Assert.Equal((HttpStatusCode.OK, "", "from s3cmd"), await FetchAsync(url));
    }

    /// <summary>An expired V2 URL is S3's 403 AccessDenied "Request has expired", naming both times.</summary>
    [Fact]
    public async Task ExpiredPresignedUrlIsRequestHasExpired()
    {
        var bucket = await BucketWithObjectAsync("x");
        var path = $"/{bucket}/{S3SigV2TestSigner.EncodeKey(Key)}";
        string Url(long expires) =>
            $"{Endpoint}{path}?AWSAccessKeyId={ServiceHost.AccessKey}&Expires={expires}&Signature="
            + Uri.EscapeDataString(S3SigV2TestSigner.Sign(ServiceHost.SecretKey, $"GET\n\n\n{expires}\n{path}"));

        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Assert.Equal(HttpStatusCode.OK, (await FetchAsync(Url(now + 300))).Status);
        var expired = await FetchAsync(Url(now - 60));
        Assert.Equal((HttpStatusCode.Forbidden, "AccessDenied"), (expired.Status, expired.Code));
        var error = XDocument.Parse(expired.Body).Root!;
        Assert.Equal("Request has expired", error.Element("Message")!.Value);
        Assert.NotNull(error.Element("Expires"));
        Assert.NotNull(error.Element("ServerTime"));
    }

    /// <summary>The header form checks the Date like SigV4 does: outside 15 minutes is RequestTimeTooSkewed.</summary>
    [Theory]
    [InlineData(0, HttpStatusCode.OK, "")]
    [InlineData(-20, HttpStatusCode.Forbidden, "RequestTimeTooSkewed")]
    [InlineData(20, HttpStatusCode.Forbidden, "RequestTimeTooSkewed")]
    public async Task HeaderSignatureDateMustBeWithinTheClockSkew(int minutes, HttpStatusCode status, string code)
    {
        var bucket = await BucketWithObjectAsync("x");
        var path = $"/{bucket}/{S3SigV2TestSigner.EncodeKey(Key)}";
        var date = DateTimeOffset.UtcNow.AddMinutes(minutes).ToString("r", CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Get, Endpoint + path);
        request.Headers.TryAddWithoutValidation("Date", date);
        request.Headers.TryAddWithoutValidation("Authorization", $"AWS {ServiceHost.AccessKey}:{S3SigV2TestSigner.Sign(ServiceHost.SecretKey, $"GET\n\n\n{date}\n{path}")}");
        using var response = await Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(code, response.IsSuccessStatusCode ? "" : XDocument.Parse(body).Root!.Element("Code")!.Value);
    }

    /// <summary>
    /// A signed x-amz-date is judged by its time, not its weekday word: ceph/s3-tests sends
    /// "Tue, 07 Jul 2010 21:53:04 GMT" (a Wednesday) and expects RequestTimeTooSkewed, not AccessDenied;
    /// today's date under another weekday's name is served.
    /// </summary>
    [Theory]
    [InlineData(false, HttpStatusCode.Forbidden, "RequestTimeTooSkewed")]
    [InlineData(true, HttpStatusCode.OK, "")]
    public async Task HeaderSignatureDateWithTheWrongWeekdayIsJudgedByItsTime(bool today, HttpStatusCode status, string code)
    {
        var bucket = await BucketWithObjectAsync("x");
        var path = $"/{bucket}/{S3SigV2TestSigner.EncodeKey(Key)}";
        var now = DateTimeOffset.UtcNow;
        var wrongWeekday = now.AddDays(1).ToString("ddd", CultureInfo.InvariantCulture);
        var amzDate = today ? $"{wrongWeekday}, {now.ToString("dd MMM yyyy HH:mm:ss", CultureInfo.InvariantCulture)} GMT" : "Tue, 07 Jul 2010 21:53:04 GMT";
        using var request = new HttpRequestMessage(HttpMethod.Get, Endpoint + path);
        request.Headers.TryAddWithoutValidation("x-amz-date", amzDate);
        request.Headers.TryAddWithoutValidation("Authorization",
            $"AWS {ServiceHost.AccessKey}:{S3SigV2TestSigner.Sign(ServiceHost.SecretKey, $"GET\n\n\n\nx-amz-date:{amzDate}\n{path}")}");
        using var response = await Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(code, response.IsSuccessStatusCode ? "" : XDocument.Parse(body).Root!.Element("Code")!.Value);
    }

    /// <summary>boto3 with signature_version='s3': every operation signed "AWS ak:sig" in the header, and its presigned URLs.</summary>
    [Fact]
    public async Task Boto3SigV2ClientWorksAgainstTheS3Dialect()
    {
        var bucket = "v2-" + Guid.NewGuid().ToString("N")[..12];
        var result = await ExternalClient.RunBoto3Async("""
            import sys, os, hashlib, boto3, urllib.request
            from botocore.config import Config
            from botocore.exceptions import ClientError
            endpoint, bucket, ak, sk = sys.argv[1:5]
            kwargs = dict(signature_version='s3', s3={'addressing_style': 'path'})
            try:
                cfg = Config(request_checksum_calculation='when_required', response_checksum_validation='when_required', **kwargs)
            except TypeError:
                cfg = Config(**kwargs)
            s3 = boto3.client('s3', endpoint_url=endpoint, aws_access_key_id=ak, aws_secret_access_key=sk, region_name='us-east-1', config=cfg)
            s3.create_bucket(Bucket=bucket)
            s3.put_object(Bucket=bucket, Key='plain key+1', Body=b'hello', ContentType='text/plain', Metadata={'colour': 'blue'})
            head = s3.head_object(Bucket=bucket, Key='plain key+1')
            assert head['Metadata'] == {'colour': 'blue'}, head
            got = s3.get_object(Bucket=bucket, Key='plain key+1', ResponseContentType='application/x-test')
            assert got['ContentType'] == 'application/x-test' and got['Body'].read() == b'hello', got
            parts = [os.urandom(5 * 1024 * 1024), os.urandom(1234)]
            up = s3.create_multipart_upload(Bucket=bucket, Key='multi/part')
            etags = [s3.upload_part(Bucket=bucket, Key='multi/part', UploadId=up['UploadId'], PartNumber=i + 1, Body=p)['ETag'] for i, p in enumerate(parts)]
            assert [p['PartNumber'] for p in s3.list_parts(Bucket=bucket, Key='multi/part', UploadId=up['UploadId'])['Parts']] == [1, 2]
            assert [u['UploadId'] for u in s3.list_multipart_uploads(Bucket=bucket)['Uploads']] == [up['UploadId']]
            s3.complete_multipart_upload(Bucket=bucket, Key='multi/part', UploadId=up['UploadId'],
                MultipartUpload={'Parts': [{'PartNumber': i + 1, 'ETag': e} for i, e in enumerate(etags)]})
            body = s3.get_object(Bucket=bucket, Key='multi/part')['Body'].read()
            assert hashlib.md5(body).digest() == hashlib.md5(b''.join(parts)).digest()
            assert sorted(o['Key'] for o in s3.list_objects_v2(Bucket=bucket)['Contents']) == ['multi/part', 'plain key+1']
            assert bucket in [b['Name'] for b in s3.list_buckets()['Buckets']]
            url = s3.generate_presigned_url('get_object', Params={'Bucket': bucket, 'Key': 'plain key+1'}, ExpiresIn=600)
            assert 'AWSAccessKeyId=' in url, url
            assert urllib.request.urlopen(url).read() == b'hello'
            bad = boto3.client('s3', endpoint_url=endpoint, aws_access_key_id=ak, aws_secret_access_key='wrong', region_name='us-east-1', config=cfg)
            try:
                bad.get_object(Bucket=bucket, Key='plain key+1')
                raise AssertionError('a wrong secret was accepted')
            except ClientError as e:
                assert e.response['Error']['Code'] == 'SignatureDoesNotMatch', e.response
            s3.delete_objects(Bucket=bucket, Delete={'Objects': [{'Key': 'multi/part'}, {'Key': 'plain key+1'}]})
            s3.delete_bucket(Bucket=bucket)
            print('ok', boto3.__version__)
            """, Endpoint, bucket, ServiceHost.AccessKey, ServiceHost.SecretKey);
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.StartsWith("ok", result.Stdout);
    }

    /// <summary>
    /// Path-style bucket sub-resources signed with V2 as botocore signs them, "/bucket?cors" without the slash
    /// before the query (every such call answered 403 SignatureDoesNotMatch when only "/bucket/?cors" was accepted).
    /// </summary>
    [Fact]
    public async Task Boto3SigV2SignsBucketSubResourcesWithoutTheSlash()
    {
        var bucket = "v2sub-" + Guid.NewGuid().ToString("N")[..12];
        var result = await ExternalClient.RunBoto3Async("""
            import sys, boto3
            from botocore.config import Config
            endpoint, bucket, ak, sk = sys.argv[1:5]
            kwargs = dict(signature_version='s3', s3={'addressing_style': 'path'}, retries={'max_attempts': 1})
            try:
                cfg = Config(request_checksum_calculation='when_required', response_checksum_validation='when_required', **kwargs)
            except TypeError:
                cfg = Config(**kwargs)
            s3 = boto3.client('s3', endpoint_url=endpoint, aws_access_key_id=ak, aws_secret_access_key=sk, region_name='us-east-1', config=cfg)
            s3.create_bucket(Bucket=bucket)
            rules = {'CORSRules': [{'AllowedMethods': ['GET'], 'AllowedOrigins': ['*']}]}
            s3.put_bucket_cors(Bucket=bucket, CORSConfiguration=rules)
            assert s3.get_bucket_cors(Bucket=bucket)['CORSRules'][0]['AllowedMethods'] == ['GET']
            s3.delete_bucket_cors(Bucket=bucket)
            s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={'Rules': [{'ApplyServerSideEncryptionByDefault': {'SSEAlgorithm': 'AES256'}}]})
            assert s3.get_bucket_encryption(Bucket=bucket)['ServerSideEncryptionConfiguration']['Rules'][0]['ApplyServerSideEncryptionByDefault']['SSEAlgorithm'] == 'AES256'
            s3.get_bucket_location(Bucket=bucket)
            s3.get_bucket_versioning(Bucket=bucket)
            assert 'Uploads' not in s3.list_multipart_uploads(Bucket=bucket)
            s3.delete_bucket(Bucket=bucket)
            print('ok')
            """, Endpoint, bucket, ServiceHost.AccessKey, ServiceHost.SecretKey);
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.StartsWith("ok", result.Stdout);
    }
}
