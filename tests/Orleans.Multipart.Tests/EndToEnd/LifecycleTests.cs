using System.Net;
using System.Xml.Linq;
using Amazon.S3;
using Amazon.S3.Model;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

// The SDK's lifecycle types, not the service's model of the same names (Orleans.Multipart, an enclosing namespace).
using LifecycleConfiguration = Amazon.S3.Model.LifecycleConfiguration;
using LifecycleFilter = Amazon.S3.Model.LifecycleFilter;
using LifecycleRule = Amazon.S3.Model.LifecycleRule;

/// <summary>
/// A service whose lifecycle day lasts <see cref="LifecycleTests.DaySeconds"/> seconds (the test-only
/// Multipart:LifecycleDayLength), swept every second, with a service-wide upload expiry of <see cref="LifecycleTests.DefaultExpirySeconds"/> s.
/// </summary>
public sealed class LifecycleServiceFixture() : ServiceFixture(StoreKind.Postgres, new Dictionary<string, string>
{
    ["Multipart:LifecycleDayLength"] = $"00:00:{LifecycleTests.DaySeconds:00}",
    ["Multipart:ExpirySweepPeriod"] = "00:00:01",
    ["Multipart:AbortIncompleteUploadsAfter"] = $"00:00:{LifecycleTests.DefaultExpirySeconds:00}",
});

/// <summary>
/// Per-bucket lifecycle rules over real HTTP on PostgreSQL: AWSSDK.S3 and boto3 put, read and delete configurations; the
/// sweep (woken by its reminder, nothing called by hand) aborts the open uploads and expires the objects the rules name
/// and leaves the rest; S3's headers name the rule and date; an upload a QingStor-signed request opened is aborted by the
/// bucket's rule like any other; a bucket with rules is out of the service-wide expiry.
/// </summary>
public sealed class LifecycleTests(LifecycleServiceFixture fixture) : S3TestBase(fixture), IClassFixture<LifecycleServiceFixture>
{
    public const int DaySeconds = 2;
    public const int DefaultExpirySeconds = 4;

    private static LifecycleRule Rule(string id, string prefix, int? expireDays = null, int? abortDays = null) => new()
    {
        Id = id,
        Status = LifecycleRuleStatus.Enabled,
        Filter = new LifecycleFilter { Prefix = prefix },
        Expiration = expireDays is { } days ? new LifecycleRuleExpiration { Days = days } : null,
        AbortIncompleteMultipartUpload = abortDays is { } abort ? new LifecycleRuleAbortIncompleteMultipartUpload { DaysAfterInitiation = abort } : null,
    };

    private async Task PutRulesAsync(string bucket, params LifecycleRule[] rules) =>
        await S3.PutLifecycleConfigurationAsync(new PutLifecycleConfigurationRequest { BucketName = bucket, Configuration = new LifecycleConfiguration { Rules = [.. rules] } });

    private async Task<List<string>> OpenUploadKeysAsync(string bucket) =>
        ((await S3.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket })).MultipartUploads ?? []).Select(u => u.Key).ToList();

    private async Task<List<string>> ObjectKeysAsync(string bucket) =>
        ((await S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket })).S3Objects ?? []).Select(o => o.Key).ToList();

    /// <summary>S3's 404 NoSuchLifecycleConfiguration on the wire; AWSSDK.S3 answers it as a configuration without rules.</summary>
    private async Task AssertNoConfigurationAsync(string bucket)
    {
        var response = await TestSigV4Signer.SendAsync(Http, HttpMethod.Get, $"/{bucket}?lifecycle");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("NoSuchLifecycleConfiguration", XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!.Element("Code")?.Value);
        Assert.Empty((await S3.GetLifecycleConfigurationAsync(bucket)).Configuration?.Rules ?? []);
    }

    [Fact]
    public async Task TheSdkPutsGetsAndDeletesAConfiguration()
    {
        var bucket = await NewBucketAsync();
        await AssertNoConfigurationAsync(bucket);

        await PutRulesAsync(bucket,
            Rule("logs", "logs/", expireDays: 30),
            new LifecycleRule
            {
                Id = "tagged-big",
                Status = LifecycleRuleStatus.Disabled,
                Filter = new LifecycleFilter { And = new LifecycleRuleAndOperator { Prefix = "data/", Tags = [new Amazon.S3.Model.Tag { Key = "env", Value = "dev" }], ObjectSizeGreaterThan = 1024 } },
                Expiration = new LifecycleRuleExpiration { Date = new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc) },
            },
            Rule("uploads", "", abortDays: 7));

        var rules = (await S3.GetLifecycleConfigurationAsync(bucket)).Configuration.Rules;
        Assert.Equal(["logs", "tagged-big", "uploads"], rules.Select(r => r.Id));
        // The SDK reads a filter into its predicate form.
        Assert.Equal(("logs/", 30, LifecycleRuleStatus.Enabled), (rules[0].Filter.Prefix ?? (rules[0].Filter.LifecycleFilterPredicate as LifecyclePrefixPredicate)?.Prefix, rules[0].Expiration.Days, rules[0].Status));
        Assert.Equal(LifecycleRuleStatus.Disabled, rules[1].Status);
        var and = Assert.IsType<LifecycleAndOperator>(rules[1].Filter.LifecycleFilterPredicate);
        Assert.Equal("data/", and.Operands.OfType<LifecyclePrefixPredicate>().Single().Prefix);
        Assert.Equal(1024L, and.Operands.OfType<LifecycleObjectSizeGreaterThanPredicate>().Single().ObjectSizeGreaterThan);
        Assert.Equal([("env", "dev")], and.Operands.OfType<LifecycleTagPredicate>().Select(t => (t.Tag.Key, t.Tag.Value)));
        Assert.Equal(new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc), rules[1].Expiration.Date?.ToUniversalTime());
        Assert.Equal(7, rules[2].AbortIncompleteMultipartUpload.DaysAfterInitiation);

        // A refused configuration leaves the stored one as it was.
        var refused = await Assert.ThrowsAsync<AmazonS3Exception>(() => PutRulesAsync(bucket, Rule("same", "a/", expireDays: 1), Rule("same", "b/", expireDays: 2)));
        Assert.Equal(("InvalidArgument", HttpStatusCode.BadRequest), (refused.ErrorCode, refused.StatusCode));
        Assert.Equal(3, (await S3.GetLifecycleConfigurationAsync(bucket)).Configuration.Rules.Count);

        Assert.Equal(HttpStatusCode.NoContent, (await S3.DeleteLifecycleConfigurationAsync(bucket)).HttpStatusCode);
        await AssertNoConfigurationAsync(bucket);
        Assert.Equal(HttpStatusCode.NoContent, (await S3.DeleteLifecycleConfigurationAsync(bucket)).HttpStatusCode);
    }

    [Fact]
    public async Task AnAbortRuleAbortsTheOpenUploadsItNamesAndNoOther()
    {
        var bucket = await NewBucketAsync();
        await PutRulesAsync(bucket, Rule("tmp-uploads", "tmp/", abortDays: 1));
        var initiated = await S3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = bucket, Key = "tmp/stale" });
        await S3.UploadPartAsync(new UploadPartRequest { BucketName = bucket, Key = "tmp/stale", UploadId = initiated.UploadId, PartNumber = 1, InputStream = new MemoryStream(RandomBytes(1024, 1)) });
        var kept = await InitiateAsync(bucket, "keep/open");

        // The headers name the rule and the calendar date (midnight UTC after a real day), whatever the test day's length.
        Assert.Equal("tmp-uploads", initiated.AbortRuleId);
        Assert.Equal(DateTime.UtcNow.Date.AddDays(2), initiated.AbortDate?.ToUniversalTime());
        var parts = await S3.ListPartsAsync(new ListPartsRequest { BucketName = bucket, Key = "tmp/stale", UploadId = initiated.UploadId });
        Assert.Equal("tmp-uploads", parts.AbortRuleId);

        await Eventually.HoldsAsync(async () => !(await OpenUploadKeysAsync(bucket)).Contains("tmp/stale"), "the abort of tmp/stale");
        Assert.Equal("NoSuchUpload", (await Assert.ThrowsAsync<AmazonS3Exception>(() => S3.ListPartsAsync(bucket, "tmp/stale", initiated.UploadId))).ErrorCode);

        // Well past the service-wide expiry too: the bucket's rules, not the default, decide for its uploads.
        await Task.Delay(TimeSpan.FromSeconds(DefaultExpirySeconds + 2));
        Assert.Equal(["keep/open"], await OpenUploadKeysAsync(bucket));
        Assert.Null((await S3.InitiateMultipartUploadAsync(bucket, "keep/another")).AbortRuleId);
        await S3.AbortMultipartUploadAsync(bucket, "keep/open", kept);
        Assert.Equal(0, await Host.InvariantViolationsAsync());
    }

    [Fact]
    public async Task AnUploadAQingStorSignedRequestOpenedIsAbortedByTheBucketsRule()
    {
        var bucket = await NewBucketAsync();
        await PutRulesAsync(bucket, Rule("all-uploads", "", abortDays: 1));
        var qingstor = new QingStorClient(Host, $"{bucket}.pek3a.qingstor.test");
        var initiated = await qingstor.SendAsync(HttpMethod.Post, "/from-qingstor", "uploads");
        Assert.Equal(200, initiated.Status);
        var uploadId = initiated.Json.GetProperty("upload_id").GetString()!;
        Assert.Equal(["from-qingstor"], await OpenUploadKeysAsync(bucket));

        await Eventually.HoldsAsync(async () => (await OpenUploadKeysAsync(bucket)).Count == 0, "the abort of the QingStor upload");
        Assert.Equal(404, (await qingstor.SendAsync(HttpMethod.Get, "/from-qingstor", "upload_id=" + uploadId)).Status);
    }

    [Fact]
    public async Task TheServiceWideExpiryStillAbortsUploadsOfBucketsWithoutRules()
    {
        var plain = await NewBucketAsync();
        var ruled = await NewBucketAsync();
        await PutRulesAsync(ruled, Rule("far", "", abortDays: 1000));
        await InitiateAsync(plain, "k");
        await InitiateAsync(ruled, "k");

        await Eventually.HoldsAsync(async () => (await OpenUploadKeysAsync(plain)).Count == 0, "the service-wide expiry of the plain bucket's upload");
        Assert.Equal(["k"], await OpenUploadKeysAsync(ruled));

        // Without rules the bucket is the default's again.
        await S3.DeleteLifecycleConfigurationAsync(ruled);
        await Eventually.HoldsAsync(async () => (await OpenUploadKeysAsync(ruled)).Count == 0, "the service-wide expiry once the rules were deleted");
    }

    [Fact]
    public async Task Boto3PutsAnExpirationRuleThatDeletesTheObjectsItNames()
    {
        var bucket = await NewBucketAsync();
        var (exitCode, output) = await Boto3.RunAsync(Boto3.SigV4ClientScript + """
            import time, re
            s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={'Rules': [
                {'ID': 'expire-logs', 'Prefix': 'logs/', 'Status': 'Enabled', 'Expiration': {'Days': 1}},
                {'ID': 'big-only', 'Filter': {'ObjectSizeGreaterThan': 100}, 'Status': 'Enabled', 'Expiration': {'Days': 1}}]})
            got = s3.get_bucket_lifecycle_configuration(Bucket=bucket)['Rules']
            assert got[0] == {'ID': 'expire-logs', 'Prefix': 'logs/', 'Status': 'Enabled', 'Expiration': {'Days': 1}}, got
            put = s3.put_object(Bucket=bucket, Key='logs/a', Body=b'x')
            header = put['ResponseMetadata']['HTTPHeaders'].get('x-amz-expiration', '')
            assert re.fullmatch(r'expiry-date="[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} 00:00:00 GMT", rule-id="expire-logs"', header), header
            s3.put_object(Bucket=bucket, Key='logs/b', Body=b'y')
            s3.put_object(Bucket=bucket, Key='keep/small', Body=b'z')
            s3.put_object(Bucket=bucket, Key='keep/big', Body=b'z' * 200)
            assert 'x-amz-expiration' not in s3.head_object(Bucket=bucket, Key='keep/small')['ResponseMetadata']['HTTPHeaders']
            assert 'rule-id="big-only"' in s3.head_object(Bucket=bucket, Key='keep/big')['ResponseMetadata']['HTTPHeaders']['x-amz-expiration']
            deadline = time.time() + 90
            while True:
                keys = sorted(o['Key'] for o in s3.list_objects_v2(Bucket=bucket).get('Contents', []))
                if keys == ['keep/small']:
                    break
                assert time.time() < deadline, keys
                time.sleep(0.25)
            print('expired')
            """, Host.BaseAddress.ToString().TrimEnd('/'), bucket, ServiceHost.AccessKey, ServiceHost.SecretKey);
        Assert.True(exitCode == 0, output);
        Assert.Contains("expired", output);
        Assert.Equal(["keep/small"], await ObjectKeysAsync(bucket));
        Assert.Equal(0, await Host.InvariantViolationsAsync());
    }

    [Fact]
    public async Task AnObjectWrittenAfterADateRulePassedExpiresToo()
    {
        var bucket = await NewBucketAsync();
        await PutRulesAsync(bucket, new LifecycleRule
        {
            Id = "past-date",
            Status = LifecycleRuleStatus.Enabled,
            Filter = new LifecycleFilter { Prefix = "old/" },
            Expiration = new LifecycleRuleExpiration { Date = new DateTime(2015, 1, 1, 0, 0, 0, DateTimeKind.Utc) },
        });
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "old/a", ContentBody = "a" });
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "new/a", ContentBody = "a" });
        await Eventually.HoldsAsync(async () => !(await ObjectKeysAsync(bucket)).Contains("old/a"), "the expiry of old/a");
        Assert.Equal(["new/a"], await ObjectKeysAsync(bucket));
    }

    [Fact]
    public async Task RawXmlErrorsAreS3s()
    {
        var bucket = await NewBucketAsync();
        var body = "<LifecycleConfiguration><Rule><ID>r</ID><Prefix>a/</Prefix><Status>enabled</Status><Expiration><Days>1</Days></Expiration></Rule></LifecycleConfiguration>"u8.ToArray();
        var response = await TestSigV4Signer.SendAsync(Http, HttpMethod.Put, $"/{bucket}?lifecycle", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("MalformedXML", XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!.Element("Code")?.Value);
        Assert.Equal(HttpStatusCode.NotFound, (await TestSigV4Signer.SendAsync(Http, HttpMethod.Get, $"/{bucket}?lifecycle")).StatusCode);
    }
}
