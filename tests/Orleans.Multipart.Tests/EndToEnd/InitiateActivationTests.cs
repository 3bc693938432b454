using Amazon.S3.Model;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// CreateMultipartUpload through the HTTP gateway opens the upload without activating the key's object
/// grain (issue 20: an activation per initiate, kept for the collection age, was the largest Orleans
/// cost of an empty initiate); the upload still completes, and an exclusive bucket still refuses a
/// second open upload of a key.
/// </summary>
public abstract class InitiateActivationTests(ServiceFixture fixture) : S3TestBase(fixture)
{
    [Fact]
    public async Task InitiatesActivateNoObjectGrainAndTheirUploadsComplete()
    {
        var bucket = await NewBucketAsync();
        var keys = Enumerable.Range(0, 20).Select(i => $"k{i}").ToList();
        var uploads = await Task.WhenAll(keys.Select(k => InitiateAsync(bucket, k)));

        Assert.Empty(await ObjectActivationsAsync(bucket));

        var part = await UploadPartAsync(bucket, keys[0], uploads[0], 1, RandomBytes(10, 1));
        await CompleteAsync(bucket, keys[0], uploads[0], [part]);
        Assert.Equal(RandomBytes(10, 1), await GetBytesAsync(bucket, keys[0]));
        Assert.Equal([ObjectKey.Format(bucket, keys[0])], await ObjectActivationsAsync(bucket));
        Assert.Equal(0, await Host.InvariantViolationsAsync());
    }

    [Fact]
    public async Task AnExclusiveBucketStillRefusesASecondOpenUploadOfAKey()
    {
        var bucket = await NewExclusiveBucketAsync();
        await InitiateAsync(bucket, "once");
        var refused = await Assert.ThrowsAsync<Amazon.S3.AmazonS3Exception>(() => InitiateAsync(bucket, "once"));
        Assert.Equal(409, (int)refused.StatusCode);
        Assert.Empty(await ObjectActivationsAsync(bucket));
    }

    private async Task<List<string>> ObjectActivationsAsync(string bucket) =>
        (await Host.Get<IGrainFactory>().GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics())
            .Where(s => s.GrainId.Type.ToString() == "object" && s.GrainId.Key.ToString()!.StartsWith(bucket + "/", StringComparison.Ordinal))
            .Select(s => s.GrainId.Key.ToString()!)
            .ToList();
}

public sealed class SqliteInitiateActivationTests(SqliteServiceFixture fixture) : InitiateActivationTests(fixture), IClassFixture<SqliteServiceFixture>;

public sealed class PostgresInitiateActivationTests(PostgresServiceFixture fixture) : InitiateActivationTests(fixture), IClassFixture<PostgresServiceFixture>;
