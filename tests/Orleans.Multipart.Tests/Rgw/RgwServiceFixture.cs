using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.Rgw;

/// <summary>The service on PostgreSQL with its blobs in a fresh bucket of the test RGW (no local blob directory used).</summary>
public sealed class RgwServiceFixture : IAsyncLifetime
{
    public const string Prefix = "blobs/";

    public ServiceHost Host { get; private set; } = null!;

    public string Bucket { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Bucket = await TestRgw.CreateBucketAsync();
        Host = await ServiceHost.StartAsync(StoreKind.Postgres, new Dictionary<string, string>(TestRgw.Settings(Bucket, Prefix))
        {
            ["Collector:GarbageGracePeriod"] = "00:00:00",
            ["Collector:OrphanGracePeriod"] = "00:00:00",
            ["Gateway:MinPartSize"] = "1",
            ["Gateway:BodyIdleTimeout"] = "00:00:05",
        });
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    /// <summary>The blob IDs the backend bucket holds now.</summary>
    public async Task<HashSet<string>> BackendBlobsAsync() =>
        (await TestRgw.ListAsync(Bucket, Prefix)).Select(o => o.Key[Prefix.Length..]).ToHashSet();
}
