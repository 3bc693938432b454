using System.Net;
using System.Text;
using System.Xml.Linq;
using Amazon.S3;
using Amazon.S3.Model;
using Orleans.Multipart.Tests.Infrastructure;
using S3Tag = Amazon.S3.Model.Tag;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// Object tags in the s3 dialect with AWSSDK.S3 over real HTTP: Put/Get/DeleteObjectTagging, x-amz-tagging on PutObject,
/// CreateMultipartUpload (the upload's tags become the object's on Complete) and CopyObject (x-amz-tagging-directive),
/// x-amz-tagging-count on GET and HEAD, AWS's limits (InvalidTag, MalformedXML) leaving what was stored untouched.
/// Run on SQLite and PostgreSQL: the tags live in the object row's settings, written under the key's guard row.
/// </summary>
public abstract class ObjectTaggingTests(ServiceFixture fixture) : S3TestBase(fixture)
{
    private static List<S3Tag> Tags(params (string Key, string Value)[] tags) => tags.Select(t => new S3Tag { Key = t.Key, Value = t.Value }).ToList();

    private static (string, string)[] Pairs(IEnumerable<S3Tag>? tags) => (tags ?? []).Select(t => (t.Key, t.Value ?? "")).ToArray();

    private async Task<(string, string)[]> TagsOfAsync(string bucket, string key) =>
        Pairs((await S3.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = bucket, Key = key })).Tagging);

    private async Task PutAsync(string bucket, string key, string body = "tagged bytes") =>
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = body });

    /// <summary>x-amz-tagging-count as a HEAD and a GET answer it (null: no header).</summary>
    private async Task<(string? Head, string? Get)> TagCountsAsync(string bucket, string key)
    {
        using var head = await TestSigV4Signer.SendAsync(Http, HttpMethod.Head, $"/{bucket}/{key}");
        using var get = await TestSigV4Signer.SendAsync(Http, HttpMethod.Get, $"/{bucket}/{key}");
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        return (Header(head, "x-amz-tagging-count"), Header(get, "x-amz-tagging-count"));
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    private static async Task<(HttpStatusCode Status, string? Code)> ErrorOfAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : XDocument.Parse(text).Root!.Element("Code")?.Value);
    }

    [Fact]
    public async Task TheSdkPutsGetsAndDeletesAnObjectsTags()
    {
        var bucket = await NewBucketAsync();
        await PutAsync(bucket, "doc");
        Assert.Empty(await TagsOfAsync(bucket, "doc"));
        Assert.Equal((null, null), await TagCountsAsync(bucket, "doc"));

        // Written out of order, answered by key (as RGW and ceph/s3-tests expect); an empty value is a value.
        await S3.PutObjectTaggingAsync(new PutObjectTaggingRequest
        {
            BucketName = bucket,
            Key = "doc",
            Tagging = new Tagging { TagSet = Tags(("project", "apollo"), ("empty", ""), ("Colour", "deep blue")) },
        });
        Assert.Equal([("Colour", "deep blue"), ("empty", ""), ("project", "apollo")], await TagsOfAsync(bucket, "doc"));
        Assert.Equal(("3", "3"), await TagCountsAsync(bucket, "doc"));

        // A second put replaces the whole set; the object's bytes stay.
        await S3.PutObjectTaggingAsync(new PutObjectTaggingRequest { BucketName = bucket, Key = "doc", Tagging = new Tagging { TagSet = Tags(("only", "one")) } });
        Assert.Equal([("only", "one")], await TagsOfAsync(bucket, "doc"));
        Assert.Equal("tagged bytes", Encoding.UTF8.GetString(await GetBytesAsync(bucket, "doc")));

        var deleted = await S3.DeleteObjectTaggingAsync(new DeleteObjectTaggingRequest { BucketName = bucket, Key = "doc" });
        Assert.Equal(HttpStatusCode.NoContent, deleted.HttpStatusCode);
        Assert.Empty(await TagsOfAsync(bucket, "doc"));
        Assert.Equal((null, null), await TagCountsAsync(bucket, "doc"));
    }

    [Fact]
    public async Task PutObjectAndAMultipartUploadTagWhatTheyWrite()
    {
        var bucket = await NewBucketAsync();
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "single", ContentBody = "x", TagSet = Tags(("kind", "single part"), ("a", "1")) });
        Assert.Equal([("a", "1"), ("kind", "single part")], await TagsOfAsync(bucket, "single"));
        Assert.Equal(("2", "2"), await TagCountsAsync(bucket, "single"));

        var uploadId = (await S3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = bucket, Key = "multi", TagSet = Tags(("kind", "multipart")) })).UploadId;
        var part = await UploadPartAsync(bucket, "multi", uploadId, 1, RandomBytes(1024, 1));
        await CompleteAsync(bucket, "multi", uploadId, [part]);
        Assert.Equal([("kind", "multipart")], await TagsOfAsync(bucket, "multi"));

        // An overwrite without tags leaves none: tags belong to the object written, not to the key.
        await PutAsync(bucket, "single");
        Assert.Empty(await TagsOfAsync(bucket, "single"));
    }

    [Fact]
    public async Task ACopyTakesTheSourcesTagsOrTheOnesItNamesByTheTaggingDirective()
    {
        var bucket = await NewBucketAsync();
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "source", ContentBody = "source bytes", TagSet = Tags(("from", "source")) });

        // COPY (the default): the source's tags, whatever the metadata directive.
        await S3.CopyObjectAsync(new CopyObjectRequest { SourceBucket = bucket, SourceKey = "source", DestinationBucket = bucket, DestinationKey = "kept" });
        Assert.Equal([("from", "source")], await TagsOfAsync(bucket, "kept"));
        await S3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = bucket, SourceKey = "source", DestinationBucket = bucket, DestinationKey = "new-metadata",
            MetadataDirective = S3MetadataDirective.REPLACE, ContentType = "text/plain",
        });
        Assert.Equal([("from", "source")], await TagsOfAsync(bucket, "new-metadata"));

        // REPLACE: the request's tags, or none.
        await S3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = bucket, SourceKey = "source", DestinationBucket = bucket, DestinationKey = "replaced",
            TaggingDirective = TaggingDirective.REPLACE, TagSet = Tags(("from", "copy"), ("extra", "yes")),
        });
        Assert.Equal([("extra", "yes"), ("from", "copy")], await TagsOfAsync(bucket, "replaced"));
        using (var none = await TestSigV4Signer.SendAsync(Http, HttpMethod.Put, $"/{bucket}/untagged", customize: r =>
               {
                   r.Headers.Add("x-amz-copy-source", $"/{bucket}/source");
                   r.Headers.Add("x-amz-tagging-directive", "REPLACE");
               }))
        {
            Assert.Equal(HttpStatusCode.OK, none.StatusCode);
        }

        Assert.Empty(await TagsOfAsync(bucket, "untagged"));
        Assert.Equal([("from", "source")], await TagsOfAsync(bucket, "source"));

        using var unknown = await TestSigV4Signer.SendAsync(Http, HttpMethod.Put, $"/{bucket}/unknown", customize: r =>
        {
            r.Headers.Add("x-amz-copy-source", $"/{bucket}/source");
            r.Headers.Add("x-amz-tagging-directive", "MERGE");
        });
        Assert.Equal((HttpStatusCode.BadRequest, "InvalidArgument"), await ErrorOfAsync(unknown));
    }

    [Fact]
    public async Task AnUploadPartCopyTakesNoTagsFromItsSource()
    {
        var bucket = await NewBucketAsync();
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "source", ContentBody = "source bytes", TagSet = Tags(("from", "source")) });
        var uploadId = await InitiateAsync(bucket, "assembled");
        var copied = await S3.CopyPartAsync(new CopyPartRequest
        {
            SourceBucket = bucket, SourceKey = "source", DestinationBucket = bucket, DestinationKey = "assembled", UploadId = uploadId, PartNumber = 1,
        });
        await CompleteAsync(bucket, "assembled", uploadId, [new PartETag(1, copied.ETag)]);
        Assert.Empty(await TagsOfAsync(bucket, "assembled"));
    }

    /// <summary>Tag sets AWS refuses with InvalidTag: the object's tags stay as they were.</summary>
    public static TheoryData<string, string> RefusedTagSets() => new()
    {
        { "eleven tags", string.Concat(Enumerable.Range(0, 11).Select(i => $"<Tag><Key>k{i}</Key><Value>v</Value></Tag>")) },
        { "a key of 129 characters", $"<Tag><Key>{new string('k', 129)}</Key><Value>v</Value></Tag>" },
        { "a value of 257 characters", $"<Tag><Key>k</Key><Value>{new string('v', 257)}</Value></Tag>" },
        { "an empty key", "<Tag><Key></Key><Value>v</Value></Tag>" },
        { "a key given twice", "<Tag><Key>k</Key><Value>1</Value></Tag><Tag><Key>k</Key><Value>2</Value></Tag>" },
        { "a key in the aws: prefix", "<Tag><Key>aws:created</Key><Value>v</Value></Tag>" },
    };

    [Theory]
    [MemberData(nameof(RefusedTagSets))]
    public async Task ATagSetAwsRefusesIsInvalidTagAndChangesNothing(string what, string tags)
    {
        var bucket = await NewBucketAsync();
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "doc", ContentBody = "x", TagSet = Tags(("before", "kept")) });

        using var refused = await TestSigV4Signer.SendAsync(Http, HttpMethod.Put, $"/{bucket}/doc?tagging", Encoding.UTF8.GetBytes($"<Tagging><TagSet>{tags}</TagSet></Tagging>"));

        Assert.True((HttpStatusCode.BadRequest, "InvalidTag") == await ErrorOfAsync(refused), what);
        Assert.Equal([("before", "kept")], await TagsOfAsync(bucket, "doc"));
    }

    [Fact]
    public async Task TheLimitsThemselvesAreAccepted()
    {
        var bucket = await NewBucketAsync();
        await PutAsync(bucket, "doc");
        var most = Enumerable.Range(0, 10).Select(i => (Key: i + new string('k', 127), Value: new string('v', 256))).ToArray();
        await S3.PutObjectTaggingAsync(new PutObjectTaggingRequest { BucketName = bucket, Key = "doc", Tagging = new Tagging { TagSet = Tags(most) } });
        Assert.Equal(most, await TagsOfAsync(bucket, "doc"));

        // Characters, not UTF-16 units: 128 emoji (256 units) are a key of 128 characters.
        var emoji = string.Concat(Enumerable.Repeat("\U0001F600", 128));
        await S3.PutObjectTaggingAsync(new PutObjectTaggingRequest { BucketName = bucket, Key = "doc", Tagging = new Tagging { TagSet = Tags((emoji, "wide")) } });
        Assert.Equal([(emoji, "wide")], await TagsOfAsync(bucket, "doc"));
    }

    public static TheoryData<string, string> MalformedDocuments() => new()
    {
        { "no TagSet", "<Tagging></Tagging>" },
        { "another root", "<TagSet><Tag><Key>k</Key><Value>v</Value></Tag></TagSet>" },
        { "a Tag without its Value", "<Tagging><TagSet><Tag><Key>k</Key></Tag></TagSet></Tagging>" },
        { "a Tag without its Key", "<Tagging><TagSet><Tag><Value>v</Value></Tag></TagSet></Tagging>" },
        { "not XML", "key=value" },
    };

    [Theory]
    [MemberData(nameof(MalformedDocuments))]
    public async Task ADocumentOfAnotherShapeIsMalformedXmlAndChangesNothing(string what, string document)
    {
        var bucket = await NewBucketAsync();
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "doc", ContentBody = "x", TagSet = Tags(("before", "kept")) });

        using var refused = await TestSigV4Signer.SendAsync(Http, HttpMethod.Put, $"/{bucket}/doc?tagging", Encoding.UTF8.GetBytes(document));

        Assert.True((HttpStatusCode.BadRequest, "MalformedXML") == await ErrorOfAsync(refused), what);
        Assert.Equal([("before", "kept")], await TagsOfAsync(bucket, "doc"));
    }

    /// <summary>x-amz-tagging values on PutObject: what is refused (and how), and that nothing is stored then.</summary>
    public static TheoryData<string, string> RefusedTaggingHeaders() => new()
    {
        { string.Join('&', Enumerable.Range(0, 11).Select(i => $"k{i}=v")), "InvalidTag" },
        { "k=" + new string('v', 257), "InvalidTag" },
        { "aws%3Acreated=today", "InvalidTag" },
        { "k=1&k=2", "InvalidArgument" },
        { "k=%FF", "InvalidArgument" },
    };

    [Theory]
    [MemberData(nameof(RefusedTaggingHeaders))]
    public async Task ARefusedTaggingHeaderStoresNoObject(string header, string code)
    {
        var bucket = await NewBucketAsync();
        using var refused = await TestSigV4Signer.SendAsync(Http, HttpMethod.Put, $"/{bucket}/doc", "x"u8.ToArray(), customize: r => r.Headers.Add("x-amz-tagging", header));
        Assert.Equal((HttpStatusCode.BadRequest, code), await ErrorOfAsync(refused));
        using var missing = await TestSigV4Signer.SendAsync(Http, HttpMethod.Head, $"/{bucket}/doc");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task TheTaggingHeaderIsUrlEncodedQueryParameters()
    {
        var bucket = await NewBucketAsync();
        using var put = await TestSigV4Signer.SendAsync(Http, HttpMethod.Put, $"/{bucket}/doc", "x"u8.ToArray(),
            customize: r => r.Headers.Add("x-amz-tagging", "foo=bar&bare&sp+ace=a%20b&caf%C3%A9=%E2%82%AC"));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal([("bare", ""), ("café", "€"), ("foo", "bar"), ("sp ace", "a b")], await TagsOfAsync(bucket, "doc"));
    }

    [Fact]
    public async Task TaggingAKeyWithoutAnObjectIsNoSuchKey()
    {
        var bucket = await NewBucketAsync();
        var body = Encoding.UTF8.GetBytes("<Tagging><TagSet><Tag><Key>k</Key><Value>v</Value></Tag></TagSet></Tagging>");
        foreach (var (method, content) in new[] { (HttpMethod.Get, (byte[]?)null), (HttpMethod.Put, body), (HttpMethod.Delete, null) })
        {
            using var response = await TestSigV4Signer.SendAsync(Http, method, $"/{bucket}/missing?tagging", content);
            Assert.True((HttpStatusCode.NotFound, "NoSuchKey") == await ErrorOfAsync(response), method.Method);
        }
    }

    [Fact]
    public async Task AVersionOtherThanNullIsRefusedNotIgnored()
    {
        var bucket = await NewBucketAsync();
        await PutAsync(bucket, "doc");
        using var named = await TestSigV4Signer.SendAsync(Http, HttpMethod.Get, $"/{bucket}/doc?tagging&versionId=3HL4kqtJlcpXroDTDmJ");
        Assert.Equal((HttpStatusCode.BadRequest, "InvalidArgument"), await ErrorOfAsync(named));
        using var nullVersion = await TestSigV4Signer.SendAsync(Http, HttpMethod.Get, $"/{bucket}/doc?tagging&versionId=null");
        Assert.Equal(HttpStatusCode.OK, nullVersion.StatusCode);
    }
}

public sealed class SqliteObjectTaggingTests(SqliteServiceFixture fixture) : ObjectTaggingTests(fixture), IClassFixture<SqliteServiceFixture>;

public sealed class PostgresObjectTaggingTests(PostgresServiceFixture fixture) : ObjectTaggingTests(fixture), IClassFixture<PostgresServiceFixture>;
