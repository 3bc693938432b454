using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.Rgw;

/// <summary>
/// The process cluster (three silos, the standalone gateway, their own PostgreSQL) with no shared blob
/// directory: every process puts its blobs in one fresh bucket of the test RGW, with the settings a
/// deployment gives them (environment variables, as from a Kubernetes Secret).
/// </summary>
public sealed class RgwProcessCluster : ProcessCluster
{
    public const string Prefix = "blobs/";

    public string Bucket { get; private set; } = "";

    public override async Task InitializeAsync()
    {
        Bucket = await TestRgw.CreateBucketAsync();
        foreach (var (key, value) in TestBlobs.AsEnvironment(TestRgw.Settings(Bucket, Prefix)))
        {
            Environment[key] = value;
        }

        await base.InitializeAsync();
    }

    /// <summary>The blob IDs the backend bucket holds now.</summary>
    public async Task<HashSet<string>> BackendBlobsAsync() =>
        (await TestRgw.ListAsync(Bucket, Prefix)).Select(o => o.Key[Prefix.Length..]).ToHashSet();
}
