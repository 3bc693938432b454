using Orleans.Multipart.Silo.Storage.Blobs;

namespace Orleans.Multipart.Tests.Storage;

/// <summary>The collector's settings are refused at start when it could not work with them, and the defaults pass.</summary>
public sealed class BlobCollectorOptionsValidatorTests
{
    [Theory]
    [InlineData(4, 500, 60, null)]
    [InlineData(1, 1, 1, null)]
    [InlineData(32, 10_000, 1, null)]
    [InlineData(0, 500, 60, "Collector:ParallelBatches")]
    [InlineData(33, 500, 60, "Collector:ParallelBatches")]
    [InlineData(4, 0, 60, "Collector:BatchSize")]
    [InlineData(4, 10_001, 60, "Collector:BatchSize")]
    [InlineData(4, 500, 0, "Collector:Interval")]
    public void SettingsOutOfRangeAreRefusedNamingTheKey(int parallelBatches, int batchSize, int intervalSeconds, string? refusedKey)
    {
        var options = new BlobCollectorOptions { ParallelBatches = parallelBatches, BatchSize = batchSize, Interval = TimeSpan.FromSeconds(intervalSeconds) };

        var result = new BlobCollectorOptionsValidator().Validate(null, options);

        if (refusedKey is null)
        {
            Assert.True(result.Succeeded, result.FailureMessage);
        }
        else
        {
            Assert.True(result.Failed);
            Assert.Contains(refusedKey, result.FailureMessage);
        }
    }

    [Fact]
    public void TheDefaultsPass() => Assert.True(new BlobCollectorOptionsValidator().Validate(null, new BlobCollectorOptions()).Succeeded);
}
