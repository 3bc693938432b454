namespace Orleans.Multipart.Tests.Cluster;

/// <summary>
/// The domain limits hold for an internal service that calls the grains through an Orleans client, without
/// the gateway (as samples/ControlPlane does): each call past a limit is a MultipartException with the
/// error the gateway would answer, and nothing is stored.
/// </summary>
public sealed class GrainLimitTests(SqliteClusterFixture fixture) : IClassFixture<SqliteClusterFixture>
{
    private const long GiB = 1024L * 1024 * 1024;

    private IClusterClient Client => fixture.Cluster.Client;

    private sealed record Attempt(IClusterClient Client, string Bucket, string Key, string UploadId)
    {
        public IObjectGrain Object => Client.GetGrain<IObjectGrain>(ObjectKey.Format(Bucket, Key));

        public IUploadGrain Upload => Client.GetGrain<IUploadGrain>(UploadId);
    }

    private static StoredPart Part(int number, long size = 10) => new(number, "blob-" + Guid.NewGuid().ToString("N"), size, new string('0', 32));

    private static ObjectSettings Metadata(int valueBytes) =>
        new() { Metadata = new Dictionary<string, string> { ["note"] = new string('x', valueBytes) } };

    /// <summary>Every limit the gateway checks, called on the grains directly: the call, and the error it must throw.</summary>
    private static readonly Dictionary<string, (Func<Attempt, Task> Call, MultipartError Error)> Cases = new()
    {
        ["part number 0"] = (a => a.Upload.AddPart(a.Bucket, a.Key, Part(0)), MultipartError.InvalidArgument),
        ["part number 10,001"] = (a => a.Upload.AddPart(a.Bucket, a.Key, Part(10_001)), MultipartError.TooManyParts),
        ["copied part number 10,001"] = (a => a.Upload.AddCopiedPart(a.Bucket, a.Key, Part(10_001), a.Bucket, "source"), MultipartError.TooManyParts),
        ["part over 5 GiB"] = (a => a.Upload.AddPart(a.Bucket, a.Key, Part(1, 5 * GiB + 1)), MultipartError.EntityTooLarge),
        ["copied part over 5 GiB"] = (a => a.Upload.AddCopiedPart(a.Bucket, a.Key, Part(1, 5 * GiB + 1), a.Bucket, "source"), MultipartError.EntityTooLarge),
        ["part of negative size"] = (a => a.Upload.AddPart(a.Bucket, a.Key, Part(1, -1)), MultipartError.InvalidArgument),
        ["put over 5 GiB"] = (a => a.Object.Put(new StoredBlob("blob-big", 5 * GiB + 1, new string('0', 32)), new ObjectSettings(), WriteConditions.None), MultipartError.EntityTooLarge),
        ["initiate with a key over 1024 bytes"] = (a => a.Client.GetGrain<IObjectGrain>(ObjectKey.Format(a.Bucket, new string('k', 1025))).Initiate(new ObjectSettings()), MultipartError.InvalidArgument),
        ["put with a key over 1024 bytes"] = (a => a.Client.GetGrain<IObjectGrain>(ObjectKey.Format(a.Bucket, new string('é', 513))).Put(new StoredBlob("blob", 1, new string('0', 32)), new ObjectSettings(), WriteConditions.None), MultipartError.InvalidArgument),
        ["initiate with metadata over 2 KB"] = (a => a.Client.GetGrain<IObjectGrain>(ObjectKey.Format(a.Bucket, "other")).Initiate(Metadata(2045)), MultipartError.MetadataTooLarge),
        ["put with metadata over 2 KB"] = (a => a.Object.Put(new StoredBlob("blob", 1, new string('0', 32)), Metadata(2045), WriteConditions.None), MultipartError.MetadataTooLarge),
        ["copy replacing metadata over 2 KB"] = (a => a.Object.CopyFrom(new CopySource(a.Bucket, "source", ReplaceSettings: Metadata(2045)), WriteConditions.None), MultipartError.MetadataTooLarge),
        ["complete listing 10,001 parts"] = (a => a.Upload.Complete(a.Bucket, a.Key, Enumerable.Range(1, 10_001).Select(n => new CompletePart(n, null)).ToList(), CompletionRules.Standard, WriteConditions.None), MultipartError.TooManyParts),
        ["complete listing part 10,001"] = (a => a.Upload.Complete(a.Bucket, a.Key, [new CompletePart(1, null), new CompletePart(10_001, null)], new CompletionRules(0), WriteConditions.None), MultipartError.InvalidPart),
        ["list parts after marker 10,001"] = (a => a.Upload.ListParts(a.Bucket, a.Key, 10_001, 10), MultipartError.InvalidArgument),
        ["list parts with a negative page"] = (a => a.Upload.ListParts(a.Bucket, a.Key, 0, -1), MultipartError.InvalidArgument),
        ["list parts with a page over 10,000"] = (a => a.Upload.ListParts(a.Bucket, a.Key, 0, int.MaxValue), MultipartError.InvalidArgument),
    };

    public static TheoryData<string> CaseNames() => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task ALimitHoldsWithoutTheGateway(string name)
    {
        var bucket = "limits" + Guid.NewGuid().ToString("N")[..10];
        await Client.GetGrain<IBucketGrain>(bucket).Create(BucketRule.Concurrent);
        await Client.GetGrain<IObjectGrain>(ObjectKey.Format(bucket, "source")).Put(new StoredBlob("blob-source-" + bucket, 4, new string('0', 32)), new ObjectSettings(), WriteConditions.None);
        var upload = await Client.GetGrain<IObjectGrain>(ObjectKey.Format(bucket, "k")).Initiate(new ObjectSettings());
        var attempt = new Attempt(Client, bucket, "k", upload.UploadId);
        await attempt.Upload.AddPart(bucket, "k", Part(1));

        var (call, error) = Cases[name];
        var refused = await Assert.ThrowsAsync<MultipartException>(() => call(attempt));
        Assert.Equal(error, refused.Error);

        // Nothing was stored: the upload still has only its first part, is still open, and no object appeared.
        var parts = await attempt.Upload.ListParts(bucket, "k", 0, 100);
        Assert.Equal([1], parts.Parts.Select(p => p.PartNumber));
        Assert.Null(await attempt.Object.Get());
        var objects = await Client.GetGrain<IBucketGrain>(bucket).ListObjects(new ObjectListingRequest());
        Assert.Equal(["source"], objects.Objects.Select(o => o.Key));
        var source = await Client.GetGrain<IObjectGrain>(ObjectKey.Format(bucket, "source")).Get();
        Assert.Empty(source!.Settings.Metadata);
    }

    /// <summary>The limits themselves are allowed: a part numbered 10,000 and metadata of exactly 2 KB.</summary>
    [Fact]
    public async Task ValuesAtTheLimitsAreAccepted()
    {
        var bucket = "limits" + Guid.NewGuid().ToString("N")[..10];
        await Client.GetGrain<IBucketGrain>(bucket).Create(BucketRule.Concurrent);
        var upload = await Client.GetGrain<IObjectGrain>(ObjectKey.Format(bucket, "k")).Initiate(Metadata(2044));
        await Client.GetGrain<IUploadGrain>(upload.UploadId).AddPart(bucket, "k", Part(10_000));
        var parts = await Client.GetGrain<IUploadGrain>(upload.UploadId).ListParts(bucket, "k", 0, 10_000);
        Assert.Equal([10_000], parts.Parts.Select(p => p.PartNumber));
    }
}
