using Amazon.S3;
using Amazon.S3.Model;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

// The SDK's lifecycle types, not the service's model of the same names (Orleans.Multipart, an enclosing namespace).
using LifecycleConfiguration = Amazon.S3.Model.LifecycleConfiguration;
using LifecycleFilter = Amazon.S3.Model.LifecycleFilter;
using LifecycleRule = Amazon.S3.Model.LifecycleRule;
using S3Tag = Amazon.S3.Model.Tag;

/// <summary>
/// Lifecycle rules on versions and tags with AWSSDK.S3 over real HTTP on PostgreSQL, run by the sweep its reminder wakes
/// (a day of <see cref="LifecycleTests.DaySeconds"/> s, nothing called by hand): NoncurrentVersionExpiration expires the
/// noncurrent versions its prefix names and keeps the newest NewerNoncurrentVersions of them; ExpiredObjectDeleteMarker
/// removes a delete marker once it is its key's only version and leaves one that still hides versions; an Expiration
/// filtered by a tag expires only the objects carrying it.
/// </summary>
public sealed class LifecycleVersionsTests(LifecycleServiceFixture fixture) : S3TestBase(fixture), IClassFixture<LifecycleServiceFixture>
{
    private async Task<string> VersionedBucketAsync()
    {
        var bucket = await NewBucketAsync();
        await S3.PutBucketVersioningAsync(new PutBucketVersioningRequest { BucketName = bucket, VersioningConfig = new S3BucketVersioningConfig { Status = VersionStatus.Enabled } });
        return bucket;
    }

    private async Task PutRulesAsync(string bucket, params LifecycleRule[] rules) =>
        await S3.PutLifecycleConfigurationAsync(new PutLifecycleConfigurationRequest { BucketName = bucket, Configuration = new LifecycleConfiguration { Rules = [.. rules] } });

    private async Task<string> PutAsync(string bucket, string key, string body, List<S3Tag>? tags = null) =>
        (await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = body, TagSet = tags })).VersionId;

    /// <summary>The bucket's versions and markers as (key, version ID, marker), by key then newest first.</summary>
    private async Task<List<(string Key, string VersionId, bool Marker)>> VersionsAsync(string bucket) =>
        ((await S3.ListVersionsAsync(new ListVersionsRequest { BucketName = bucket })).Versions ?? []).Select(v => (v.Key, v.VersionId, v.IsDeleteMarker ?? false)).ToList();

    private async Task<List<string>> ObjectKeysAsync(string bucket) =>
        ((await S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket })).S3Objects ?? []).Select(o => o.Key).ToList();

    [Fact]
    public async Task NoncurrentVersionsExpireKeepingTheNewestOnesAndOnlyUnderTheirPrefix()
    {
        var bucket = await VersionedBucketAsync();
        var logs = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            logs.Add(await PutAsync(bucket, "logs/a", $"v{i}"));
        }

        var kept = new[] { await PutAsync(bucket, "keep/a", "k0"), await PutAsync(bucket, "keep/a", "k1") };
        await PutRulesAsync(bucket, new LifecycleRule
        {
            Id = "old-logs",
            Status = LifecycleRuleStatus.Enabled,
            Filter = new LifecycleFilter { Prefix = "logs/" },
            NoncurrentVersionExpiration = new LifecycleRuleNoncurrentVersionExpiration { NoncurrentDays = 1, NewerNoncurrentVersions = 1 },
        });

        // Current v3 and the newest noncurrent v2 stay; v0 and v1 go. keep/ is no rule's.
        await Eventually.ReadsAsync(() => VersionsAsync(bucket), v => v.Count(x => x.Key == "logs/a") == 2, "the expiry of logs/a's older versions");
        var versions = await VersionsAsync(bucket);
        Assert.Equal([("keep/a", kept[1], false), ("keep/a", kept[0], false), ("logs/a", logs[3], false), ("logs/a", logs[2], false)], versions);
        using var current = await S3.GetObjectAsync(bucket, "logs/a");
        Assert.Equal("v3", await new StreamReader(current.ResponseStream).ReadToEndAsync());
        using var noncurrent = await S3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "logs/a", VersionId = logs[2] });
        Assert.Equal("v2", await new StreamReader(noncurrent.ResponseStream).ReadToEndAsync());
        Assert.Equal("NoSuchVersion", (await Assert.ThrowsAsync<AmazonS3Exception>(() => S3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "logs/a", VersionId = logs[0] }))).ErrorCode);
        Assert.Equal(0, await Host.InvariantViolationsAsync());
    }

    [Fact]
    public async Task ADeleteMarkerLeftAloneIsRemovedAndOneHidingAVersionStays()
    {
        var bucket = await VersionedBucketAsync();
        await PutAsync(bucket, "tmp/a", "a");
        await S3.DeleteObjectAsync(bucket, "tmp/a");
        await PutAsync(bucket, "keep/b", "b");
        await S3.DeleteObjectAsync(bucket, "keep/b");

        // The s3-tests shape: noncurrent versions expire after a day, then the marker is alone and goes.
        await PutRulesAsync(bucket, new LifecycleRule
        {
            Id = "tidy-tmp",
            Status = LifecycleRuleStatus.Enabled,
            Filter = new LifecycleFilter { Prefix = "tmp/" },
            NoncurrentVersionExpiration = new LifecycleRuleNoncurrentVersionExpiration { NoncurrentDays = 1 },
            Expiration = new LifecycleRuleExpiration { ExpiredObjectDeleteMarker = true },
        });

        await Eventually.ReadsAsync(() => VersionsAsync(bucket), v => !v.Any(x => x.Key == "tmp/a"), "the removal of tmp/a's version and then its marker");
        var left = await VersionsAsync(bucket);
        Assert.Equal([("keep/b", false), ("keep/b", true)], left.Select(v => (v.Key, v.Marker)).OrderBy(v => v.Marker));
        Assert.Equal(0, await Host.InvariantViolationsAsync());
    }

    [Fact]
    public async Task AnExpirationFilteredByATagExpiresOnlyTheTaggedObjects()
    {
        var bucket = await NewBucketAsync();
        await PutRulesAsync(bucket, new LifecycleRule
        {
            Id = "scratch",
            Status = LifecycleRuleStatus.Enabled,
            Filter = new LifecycleFilter { LifecycleFilterPredicate = new LifecycleTagPredicate { Tag = new S3Tag { Key = "class", Value = "scratch" } } },
            Expiration = new LifecycleRuleExpiration { Days = 1 },
        });
        await PutAsync(bucket, "a", "a", [new S3Tag { Key = "class", Value = "scratch" }, new S3Tag { Key = "team", Value = "x" }]);
        await PutAsync(bucket, "b", "b", [new S3Tag { Key = "class", Value = "keep" }]);
        await PutAsync(bucket, "c", "c");
        await PutAsync(bucket, "d", "d");
        await S3.PutObjectTaggingAsync(new PutObjectTaggingRequest { BucketName = bucket, Key = "d", Tagging = new Tagging { TagSet = [new S3Tag { Key = "class", Value = "scratch" }] } });

        await Eventually.ReadsAsync(() => ObjectKeysAsync(bucket), keys => !keys.Contains("a") && !keys.Contains("d"), "the expiry of the tagged objects");
        // Well past the rule's day for the others too: untagged and otherwise-tagged objects stay.
        await Task.Delay(TimeSpan.FromSeconds(LifecycleTests.DaySeconds * 2));
        Assert.Equal(["b", "c"], await ObjectKeysAsync(bucket));
        Assert.Equal(0, await Host.InvariantViolationsAsync());
    }
}
