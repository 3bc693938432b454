using System.Net;
using System.Text;
using System.Xml.Linq;
using Amazon.S3;
using Amazon.S3.Model;
using Orleans.Multipart.Tests.Infrastructure;
using S3Tag = Amazon.S3.Model.Tag;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// Bucket tags in the s3 dialect with AWSSDK.S3: Put/Get/DeleteBucketTagging, NoSuchTagSet for a bucket without tags,
/// the 50-tag limit, and the tags gone with the bucket (a bucket made again under the name has none).
/// </summary>
public sealed class BucketTaggingTests(SqliteServiceFixture fixture) : S3TestBase(fixture), IClassFixture<SqliteServiceFixture>
{
    private static List<S3Tag> Tags(int count) => Enumerable.Range(0, count).Select(i => new S3Tag { Key = $"key{i:D2}", Value = $"value {i}" }).ToList();

    private async Task<(HttpStatusCode Status, string? Code)> GetTaggingErrorAsync(string bucket)
    {
        var e = await Assert.ThrowsAsync<AmazonS3Exception>(() => S3.GetBucketTaggingAsync(new GetBucketTaggingRequest { BucketName = bucket }));
        return (e.StatusCode, e.ErrorCode);
    }

    [Fact]
    public async Task TheSdkPutsGetsAndDeletesABucketsTags()
    {
        var bucket = await NewBucketAsync();
        Assert.Equal((HttpStatusCode.NotFound, "NoSuchTagSet"), await GetTaggingErrorAsync(bucket));

        var put = await S3.PutBucketTaggingAsync(new PutBucketTaggingRequest { BucketName = bucket, TagSet = [new S3Tag { Key = "team", Value = "storage" }, new S3Tag { Key = "cost-centre", Value = "42" }] });
        Assert.Equal(HttpStatusCode.NoContent, put.HttpStatusCode);
        var tags = (await S3.GetBucketTaggingAsync(new GetBucketTaggingRequest { BucketName = bucket })).TagSet;
        Assert.Equal([("cost-centre", "42"), ("team", "storage")], tags.Select(t => (t.Key, t.Value)));

        // 50 tags are a bucket's limit (an object's is 10); a second put replaces the set.
        await S3.PutBucketTaggingAsync(new PutBucketTaggingRequest { BucketName = bucket, TagSet = Tags(50) });
        Assert.Equal(50, (await S3.GetBucketTaggingAsync(new GetBucketTaggingRequest { BucketName = bucket })).TagSet.Count);
        var refused = await Assert.ThrowsAsync<AmazonS3Exception>(() => S3.PutBucketTaggingAsync(new PutBucketTaggingRequest { BucketName = bucket, TagSet = Tags(51) }));
        Assert.Equal((HttpStatusCode.BadRequest, "InvalidTag"), (refused.StatusCode, refused.ErrorCode));
        Assert.Equal(Tags(50).Select(t => (t.Key, t.Value)), (await S3.GetBucketTaggingAsync(new GetBucketTaggingRequest { BucketName = bucket })).TagSet.Select(t => (t.Key, t.Value)));

        var deleted = await S3.DeleteBucketTaggingAsync(new DeleteBucketTaggingRequest { BucketName = bucket });
        Assert.Equal(HttpStatusCode.NoContent, deleted.HttpStatusCode);
        Assert.Equal((HttpStatusCode.NotFound, "NoSuchTagSet"), await GetTaggingErrorAsync(bucket));
    }

    [Fact]
    public async Task ABucketsTagsGoWithItAndAMissingBucketIsNoSuchBucket()
    {
        var bucket = await NewBucketAsync();
        await S3.PutBucketTaggingAsync(new PutBucketTaggingRequest { BucketName = bucket, TagSet = Tags(2) });
        await S3.DeleteBucketAsync(new DeleteBucketRequest { BucketName = bucket });
        Assert.Equal((HttpStatusCode.NotFound, "NoSuchBucket"), await GetTaggingErrorAsync(bucket));
        var put = await Assert.ThrowsAsync<AmazonS3Exception>(() => S3.PutBucketTaggingAsync(new PutBucketTaggingRequest { BucketName = bucket, TagSet = Tags(1) }));
        Assert.Equal("NoSuchBucket", put.ErrorCode);

        await S3.PutBucketAsync(new PutBucketRequest { BucketName = bucket });
        Assert.Equal((HttpStatusCode.NotFound, "NoSuchTagSet"), await GetTaggingErrorAsync(bucket));
    }

    [Fact]
    public async Task ARefusedBucketTagSetChangesNothing()
    {
        var bucket = await NewBucketAsync();
        await S3.PutBucketTaggingAsync(new PutBucketTaggingRequest { BucketName = bucket, TagSet = Tags(1) });
        foreach (var document in new[]
                 {
                     "<Tagging><TagSet><Tag><Key>aws:cloudformation</Key><Value>v</Value></Tag></TagSet></Tagging>",
                     "<Tagging><TagSet><Tag><Key>k</Key><Value>1</Value></Tag><Tag><Key>k</Key><Value>2</Value></Tag></TagSet></Tagging>",
                     "<Tagging><TagSet><Tag><Key>k</Key></Tag></TagSet></Tagging>",
                 })
        {
            using var response = await TestSigV4Signer.SendAsync(Http, HttpMethod.Put, $"/{bucket}?tagging", Encoding.UTF8.GetBytes(document));
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, document);
            var code = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!.Element("Code")!.Value;
            Assert.True(code is "InvalidTag" or "MalformedXML", $"{document}: {code}");
        }

        Assert.Equal([("key00", "value 0")], (await S3.GetBucketTaggingAsync(new GetBucketTaggingRequest { BucketName = bucket })).TagSet.Select(t => (t.Key, t.Value)));
    }
}
