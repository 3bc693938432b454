using Amazon.S3;
using Amazon.S3.Model;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

// The SDK's lifecycle types, not the service's model of the same names (Orleans.Multipart, an enclosing namespace).
using LifecycleConfiguration = Amazon.S3.Model.LifecycleConfiguration;
using LifecycleFilter = Amazon.S3.Model.LifecycleFilter;
using LifecycleRule = Amazon.S3.Model.LifecycleRule;

/// <summary>
/// The sweep's batches seen through AWSSDK.S3 on PostgreSQL, woken by the real reminder: a rule over more objects than one
/// batch expires every one it names across batches and none it does not; in a versioned bucket an expiry is still
/// versioning's delete (a delete marker over a kept version), not the batch's removal of the row.
/// </summary>
public sealed class LifecycleBatchExpiryTests(LifecycleServiceFixture fixture) : S3TestBase(fixture), IClassFixture<LifecycleServiceFixture>
{
    /// <summary>How long a rule of one short day may take to act on more than one batch of objects on a loaded machine (sweeps every second).</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(180);

    /// <summary>Each poll lists every page of the bucket's objects: twice a second is enough.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    private async Task ExpireAfterOneDayAsync(string bucket, string prefix, int? abortDays = null) =>
        await S3.PutLifecycleConfigurationAsync(new PutLifecycleConfigurationRequest
        {
            BucketName = bucket,
            Configuration = new LifecycleConfiguration
            {
                Rules =
                [
                    new LifecycleRule
                    {
                        Id = "expire",
                        Status = LifecycleRuleStatus.Enabled,
                        Filter = new LifecycleFilter { Prefix = prefix },
                        Expiration = new LifecycleRuleExpiration { Days = 1 },
                        AbortIncompleteMultipartUpload = abortDays is { } days ? new LifecycleRuleAbortIncompleteMultipartUpload { DaysAfterInitiation = days } : null,
                    },
                ],
            },
        });

    private async Task<List<string>> ObjectKeysAsync(string bucket)
    {
        var keys = new List<string>();
        var request = new ListObjectsV2Request { BucketName = bucket };
        while (true)
        {
            var page = await S3.ListObjectsV2Async(request);
            keys.AddRange((page.S3Objects ?? []).Select(o => o.Key));
            if (page.IsTruncated != true)
            {
                return keys;
            }

            request.ContinuationToken = page.NextContinuationToken;
        }
    }

    [Fact]
    public async Task ARuleOverMoreObjectsThanOneBatchExpiresEveryOneItNamesAndNoOther()
    {
        var bucket = await NewBucketAsync();

        // 640 named objects (more than a batch of 500) interleaved in time with 40 the rule does not name, and open
        // uploads under both prefixes.
        var kept = new List<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 680), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            var key = i % 17 == 0 ? $"keep/{i:000}" : $"logs/{i:000}";
            await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = "x" }, ct);
        });
        kept.AddRange(Enumerable.Range(0, 680).Where(i => i % 17 == 0).Select(i => $"keep/{i:000}"));
        var staleUpload = (await S3.InitiateMultipartUploadAsync(bucket, "logs/upload")).UploadId;
        var keptUpload = (await S3.InitiateMultipartUploadAsync(bucket, "keep/upload")).UploadId;
        Assert.Equal(680, (await ObjectKeysAsync(bucket)).Count);

        await ExpireAfterOneDayAsync(bucket, "logs/", abortDays: 1);
        await Eventually.HoldsAsync(async () => (await ObjectKeysAsync(bucket)).Count == kept.Count, "the expiry of the 640 logs/ objects", Patience, PollInterval);

        Assert.Equal(kept, await ObjectKeysAsync(bucket));
        await Eventually.HoldsAsync(
            async () => !((await S3.ListMultipartUploadsAsync(bucket)).MultipartUploads ?? []).Any(u => u.UploadId == staleUpload),
            "the abort of the logs/ upload", Patience, PollInterval);
        Assert.Equal([keptUpload], ((await S3.ListMultipartUploadsAsync(bucket)).MultipartUploads ?? []).Select(u => u.UploadId));
        Assert.Equal(0, await Host.InvariantViolationsAsync());
    }

    [Fact]
    public async Task AnExpiryInAVersionedBucketLeavesADeleteMarkerOverTheVersion()
    {
        var bucket = await NewBucketAsync();
        await S3.PutBucketVersioningAsync(new PutBucketVersioningRequest { BucketName = bucket, VersioningConfig = new S3BucketVersioningConfig { Status = VersionStatus.Enabled } });
        var put = await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "logs/a", ContentBody = "version one" });
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "keep/a", ContentBody = "kept" });

        await ExpireAfterOneDayAsync(bucket, "logs/");
        await Eventually.HoldsAsync(async () => !(await ObjectKeysAsync(bucket)).Contains("logs/a"), "the expiry of logs/a", Patience, PollInterval);

        var versions = (await S3.ListVersionsAsync(new ListVersionsRequest { BucketName = bucket, Prefix = "logs/" })).Versions ?? [];
        Assert.Equal([(true, true), (false, false)], versions.Select(v => (v.IsDeleteMarker == true, v.IsLatest == true)));
        Assert.Equal(put.VersionId, versions[1].VersionId);
        using var kept = await S3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "logs/a", VersionId = put.VersionId });
        Assert.Equal("version one", await new StreamReader(kept.ResponseStream).ReadToEndAsync());
        Assert.Equal(["keep/a"], await ObjectKeysAsync(bucket));
        Assert.Equal(0, await Host.InvariantViolationsAsync());
    }
}
