using System.Net;
using System.Text;
using System.Xml.Linq;
using Amazon.S3.Model;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>Answers a real client or ceph s3-tests checks, where the service used to differ from S3.</summary>
public abstract class S3CompatibilityTests(ServiceFixture fixture) : S3TestBase(fixture)
{
    private static async Task<(HttpStatusCode Status, string Code)> ErrorOf(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        var code = body.Length == 0 ? "" : XDocument.Parse(body).Root!.Element("Code")!.Value;
        return (response.StatusCode, code);
    }

    /// <summary>
    /// ceph s3-tests' listing checks through boto3 (which sends encoding-type=url on ListObjects):
    /// a marker that is a returned CommonPrefix resumes after it, the last page is not truncated,
    /// max-keys=0 is not truncated, and v1 answers Prefix as sent.
    /// </summary>
    [Fact]
    public async Task Boto3ListingsPageThroughDelimitedKeysLikeS3Tests()
    {
        var bucket = await NewBucketAsync();
        var result = await ExternalClient.RunBoto3Async("""
            import sys, boto3
            from botocore.config import Config
            endpoint, bucket, ak, sk = sys.argv[1:5]
            s3 = boto3.client('s3', endpoint_url=endpoint, aws_access_key_id=ak, aws_secret_access_key=sk, region_name='us-east-1',
                              config=Config(s3={'addressing_style': 'path'}))
            for key in ['asdf', 'boo/bar', 'boo/baz/xyzzy', 'cquux/thud', 'cquux/bla']:
                s3.put_object(Bucket=bucket, Key=key, Body=b'x')

            def v1(prefix, marker, max_keys, truncated, keys, prefixes, next_marker):
                r = s3.list_objects(Bucket=bucket, Prefix=prefix, Delimiter='/', Marker=marker, MaxKeys=max_keys)
                got = (r['IsTruncated'], [o['Key'] for o in r.get('Contents', [])], [p['Prefix'] for p in r.get('CommonPrefixes', [])], r.get('NextMarker'))
                assert got == (truncated, keys, prefixes, next_marker), ('v1', prefix, marker, max_keys, got)
                return next_marker

            m = v1('', '', 1, True, ['asdf'], [], 'asdf')
            m = v1('', m, 1, True, [], ['boo/'], 'boo/')
            m = v1('', m, 1, False, [], ['cquux/'], None)
            m = v1('', '', 2, True, ['asdf'], ['boo/'], 'boo/')
            m = v1('', m, 2, False, [], ['cquux/'], None)
            m = v1('boo/', '', 1, True, ['boo/bar'], [], 'boo/bar')
            m = v1('boo/', m, 1, False, [], ['boo/baz/'], None)
            v1('boo/', '', 2, False, ['boo/bar'], ['boo/baz/'], None)

            pages, token = [], None
            while True:
                args = dict(Bucket=bucket, Delimiter='/', MaxKeys=1)
                if token:
                    args['ContinuationToken'] = token
                r = s3.list_objects_v2(**args)
                pages.append(([o['Key'] for o in r.get('Contents', [])], [p['Prefix'] for p in r.get('CommonPrefixes', [])], r['IsTruncated']))
                assert len(pages) < 10, pages
                if not r['IsTruncated']:
                    break
                token = r['NextContinuationToken']
            assert pages == [(['asdf'], [], True), ([], ['boo/'], True), ([], ['cquux/'], False)], pages
            r = s3.list_objects_v2(Bucket=bucket, Delimiter='/', StartAfter='boo/')
            assert (r['IsTruncated'], r.get('CommonPrefixes')) == (False, [{'Prefix': 'cquux/'}]), r

            for listing in (s3.list_objects, s3.list_objects_v2):
                r = listing(Bucket=bucket, MaxKeys=0)
                assert (r['IsTruncated'], r.get('Contents')) == (False, None), (listing.__name__, r)
                # s3-tests test_bucket_list(v2)_prefix_unreadable and a prefix with characters that encode
                for prefix in ['\x0a', 'a b+c%d']:
                    r = listing(Bucket=bucket, Prefix=prefix)
                    assert r['Prefix'] == prefix, (listing.__name__, prefix, r['Prefix'])
            print('ok')
            """, Host.BaseAddress.ToString().TrimEnd('/'), bucket, ServiceHost.AccessKey, ServiceHost.SecretKey);
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.StartsWith("ok", result.Stdout);
    }

    [Fact]
    public async Task ListBucketsPagesWithMaxBucketsAndContinuationToken()
    {
        var prefix = "page-" + Guid.NewGuid().ToString("N")[..8] + "-";
        var names = new[] { "c", "a", "e", "b", "d" }.Select(n => prefix + n).ToList();
        foreach (var name in names)
        {
            await S3.PutBucketAsync(name);
        }

        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = await S3.ListBucketsAsync(new ListBucketsRequest { MaxBuckets = 2, Prefix = prefix, ContinuationToken = token });
            Assert.InRange(page.Buckets?.Count ?? 0, 1, 2);
            seen.AddRange(page.Buckets!.Select(b => b.BucketName));
            token = page.ContinuationToken;
            Assert.True(seen.Count <= names.Count, string.Join(",", seen));
        }
        while (token is not null);

        Assert.Equal(names.Order(StringComparer.Ordinal), seen);

        // Unpaged, every bucket comes back in one answer without a token.
        var all = await S3.ListBucketsAsync(new ListBucketsRequest());
        Assert.Null(all.ContinuationToken);
        Assert.Superset(names.ToHashSet(), all.Buckets.Select(b => b.BucketName).ToHashSet());
        Assert.Equal("InvalidArgument", (await S3Error(() => S3.ListBucketsAsync(new ListBucketsRequest { MaxBuckets = 0 }))).ErrorCode);
    }

    [Theory]
    [InlineData(2, 3)] // s3-tests test_multipart_get_part: one past the last part
    [InlineData(2, 10_000)]
    [InlineData(0, 2)] // test_non_multipart_get_part and test_multipart_single_get_part: a plain object is one part
    public async Task PartNumberBeyondThePartCountIsInvalidPart(int parts, int partNumber)
    {
        var bucket = await NewBucketAsync();
        var first = RandomBytes(5 * MiB, 1);
        if (parts == 0)
        {
            await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "k", InputStream = new MemoryStream(first) });
        }
        else
        {
            var uploadId = await InitiateAsync(bucket, "k");
            var listed = new List<PartETag>();
            for (var n = 1; n <= parts; n++)
            {
                listed.Add(await UploadPartAsync(bucket, "k", uploadId, n, n == 1 ? first : RandomBytes(100, n)));
            }

            await CompleteAsync(bucket, "k", uploadId, listed);
        }

        var get = await S3Error(() => GetBytesAsync(bucket, "k", r => r.PartNumber = partNumber));
        Assert.Equal((HttpStatusCode.BadRequest, "InvalidPart"), (get.StatusCode, get.ErrorCode));
        var head = await S3Error(() => S3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = "k", PartNumber = partNumber }));
        Assert.Equal(HttpStatusCode.BadRequest, head.StatusCode);

        // Part 1 is still served, with the object's part count.
        using var part1 = await S3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "k", PartNumber = 1 });
        Assert.Equal(first.Length, part1.ContentLength);
        Assert.Equal(Math.Max(parts, 1), part1.PartsCount);
    }

    /// <summary>
    /// s3-tests test_multipart_resend_first_finishes_last: part 1 is sent twice, the first send
    /// finishes last, and both ETags are listed. As Ceph RGW does, a number repeated in a row counts
    /// once with its last entry; the object is the part stored last when that entry names it.
    /// </summary>
    [Fact]
    public async Task ResentPartListedTwiceCountsOnceWithItsLastEntry()
    {
        var bucket = await NewBucketAsync();
        var uploadId = await InitiateAsync(bucket, "k");
        var second = await UploadPartAsync(bucket, "k", uploadId, 1, Encoding.ASCII.GetBytes("BBBBBBBB"));
        var first = await UploadPartAsync(bucket, "k", uploadId, 1, Encoding.ASCII.GetBytes("AAAAAAAA"));

        static byte[] Document(params PartETag[] parts) => Encoding.UTF8.GetBytes("<CompleteMultipartUpload>"
            + string.Concat(parts.Select(p => $"<Part><PartNumber>{p.PartNumber}</PartNumber><ETag>{p.ETag}</ETag></Part>"))
            + "</CompleteMultipartUpload>");

        // The last entry names the part no longer stored: InvalidPart, the upload stays open.
        var stale = await TestSigV4Signer.SendAsync(Http, HttpMethod.Post, $"/{bucket}/k?uploadId={uploadId}", Document(first, second));
        Assert.Equal((HttpStatusCode.BadRequest, "InvalidPart"), await ErrorOf(stale));

        var done = await TestSigV4Signer.SendAsync(Http, HttpMethod.Post, $"/{bucket}/k?uploadId={uploadId}", Document(second, first));
        Assert.True(done.StatusCode == HttpStatusCode.OK, await done.Content.ReadAsStringAsync());
        Assert.Equal("AAAAAAAA"u8.ToArray(), await GetBytesAsync(bucket, "k"));
        Assert.Equal(MultipartETag("AAAAAAAA"u8.ToArray()), (await S3.GetObjectMetadataAsync(bucket, "k")).ETag.Trim('"'));
    }

    [Theory]
    [InlineData("deflate, gzip", "deflate, gzip")]
    [InlineData("deflate, gzip,aws-chunked", "deflate, gzip")] // what botocore sends for a streamed body
    [InlineData("aws-chunked, br", "br")]
    [InlineData("aws-chunked", null)]
    public async Task ContentLanguageIsStoredAndContentEncodingKeepsItsFormatting(string sent, string? stored)
    {
        var bucket = await NewBucketAsync();
        var put = await TestSigV4Signer.SendAsync(Http, HttpMethod.Put, $"/{bucket}/k", "hello"u8.ToArray(), customize: r =>
        {
            r.Content!.Headers.TryAddWithoutValidation("Content-Encoding", sent);
            r.Content.Headers.TryAddWithoutValidation("Content-Language", "de-CH");
        });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        var head = await RawHeadersAsync(bucket, "k");
        Assert.Equal(stored, head.GetValueOrDefault("Content-Encoding"));
        Assert.Equal("de-CH", head["Content-Language"]);

        // response-content-language overrides it, as the other response-* parameters do.
        using var get = await S3.GetObjectAsync(new GetObjectRequest
        {
            BucketName = bucket,
            Key = "k",
            ResponseHeaderOverrides = new ResponseHeaderOverrides { ContentLanguage = "fr", ContentDisposition = "inline" },
        });
        Assert.Equal("fr", get.Headers["Content-Language"]);
        Assert.Equal("inline", get.Headers.ContentDisposition);
    }

    [Fact]
    public async Task ContentLanguageOfAMultipartUploadReachesTheObject()
    {
        var bucket = await NewBucketAsync();
        var uploadId = (await S3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
        {
            BucketName = bucket,
            Key = "k",
            Headers = { ["Content-Language"] = "ja", ContentEncoding = "deflate, gzip" },
        })).UploadId;
        var part = await UploadPartAsync(bucket, "k", uploadId, 1, [1, 2, 3]);
        await CompleteAsync(bucket, "k", uploadId, [part]);
        var head = await RawHeadersAsync(bucket, "k");
        Assert.Equal("ja", head["Content-Language"]);
        Assert.Equal("deflate, gzip", head["Content-Encoding"]);
    }

    /// <summary>The response headers of a HEAD as they came on the wire (the SDK reads only the first Content-Encoding).</summary>
    private async Task<Dictionary<string, string>> RawHeadersAsync(string bucket, string key)
    {
        using var response = await TestSigV4Signer.SendAsync(Http, HttpMethod.Head, $"/{bucket}/{key}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.NonValidated.Concat(response.Content.Headers.NonValidated)
            .ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("192.168.5.123")]
    [InlineData("foo-.bar")]
    [InlineData("foo.-bar")]
    [InlineData("xn--bucket")]
    [InlineData("sthree-bucket")]
    [InlineData("bucket-s3alias")]
    [InlineData("bucket--ol-s3")]
    public async Task BucketNamesS3ForbidsAreInvalidBucketName(string name)
    {
        var ex = await S3Error(() => S3.PutBucketAsync(name));
        Assert.Equal((HttpStatusCode.BadRequest, "InvalidBucketName"), (ex.StatusCode, ex.ErrorCode));
        Assert.DoesNotContain(name, (await S3.ListBucketsAsync()).Buckets?.Select(b => b.BucketName) ?? []);
    }

    [Fact]
    public async Task ObjectInADeletedBucketIsNoSuchBucket()
    {
        var bucket = await NewBucketAsync();
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "k", ContentBody = "x" });
        await S3.DeleteObjectAsync(bucket, "k");
        Assert.Equal("NoSuchKey", (await S3Error(() => GetBytesAsync(bucket, "k"))).ErrorCode);
        await S3.DeleteBucketAsync(bucket);

        var ex = await S3Error(() => GetBytesAsync(bucket, "k"));
        Assert.Equal((HttpStatusCode.NotFound, "NoSuchBucket"), (ex.StatusCode, ex.ErrorCode));
    }
}

public sealed class SqliteS3CompatibilityTests(SqliteServiceFixture fixture) : S3CompatibilityTests(fixture), IClassFixture<SqliteServiceFixture>;

public sealed class PostgresS3CompatibilityTests(PostgresServiceFixture fixture) : S3CompatibilityTests(fixture), IClassFixture<PostgresServiceFixture>;
