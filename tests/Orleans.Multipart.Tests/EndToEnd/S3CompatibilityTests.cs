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
