using System.Net;
using Amazon.S3.Model;
using Orleans.Multipart.Tests.Infrastructure;
using Orleans.Runtime;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// Owners as users see them (issue 22): ListBuckets lists the caller's own buckets, the listings name the
/// account that wrote each object and initiated each upload (not the caller listing them), and CreateBucket
/// of a name answers by whose bucket it is. Other accounts act through grain calls carrying their principal,
/// as the gateway's do; what users read is checked over HTTP with the root key.
/// </summary>
public abstract class OwnershipListingTests(ServiceFixture fixture) : S3TestBase(fixture)
{
    private static readonly Principal Alice = new("alice", "AKALICE");
    private static readonly Principal Bob = new("bob", "AKBOB");

    private IGrainFactory Grains => Host.Get<IGrainFactory>();

    [Fact]
    public async Task ListBucketsListsTheCallersOwnBuckets()
    {
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var (alices, bobs) = ("alice-" + suffix, "bob-" + suffix);
        await As(Alice, () => Grains.GetGrain<IBucketGrain>(alices).Create(BucketRule.Concurrent));
        await As(Bob, () => Grains.GetGrain<IBucketGrain>(bobs).Create(BucketRule.Concurrent));

        var catalog = Grains.GetGrain<IBucketCatalogGrain>(IBucketCatalogGrain.DefaultKey);
        Assert.Equal([alices], Mine(await As(Alice, catalog.ListBuckets), suffix));
        Assert.Equal([bobs], Mine(await As(Bob, catalog.ListBuckets), suffix));
        Assert.Empty(Mine(await As(Principal.Anonymous, catalog.ListBuckets), suffix));

        // The root key is an administrator's: its ListBuckets shows every bucket, and names root as the owner of the list.
        var listed = await S3.ListBucketsAsync(new ListBucketsRequest { Prefix = "" });
        Assert.Equal([alices, bobs], Mine(listed.Buckets.Select(b => new BucketInfo(b.BucketName, BucketRule.Concurrent, default)).ToList(), suffix));
        Assert.Equal(AccountIds.Root, listed.Owner.Id);
        Assert.Equal(AccountIds.Root, listed.Owner.DisplayName);
    }

    [Fact]
    public async Task ListingsNameTheAccountThatWroteEachObjectAndInitiatedEachUpload()
    {
        var bucket = await NewBucketAsync();
        var completed = await As(Alice, () => Grains.GetGrain<IUploadInitiatorGrain>(0).Initiate(bucket, "by-alice.bin", new ObjectSettings { Owner = Alice.AccountId }));
        var open = await As(Alice, () => Grains.GetGrain<IUploadInitiatorGrain>(0).Initiate(bucket, "open.bin", new ObjectSettings { Owner = Alice.AccountId }));
        var part = await UploadPartAsync(bucket, "by-alice.bin", completed.UploadId, 1, RandomBytes(100, 1));
        await CompleteAsync(bucket, "by-alice.bin", completed.UploadId, [part]);
        await S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "by-root.txt", ContentBody = "x" });

        // Listed by root, not by alice: the owner is the data's, not the caller's.
        var uploads = await S3.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket });
        var upload = Assert.Single(uploads.MultipartUploads);
        Assert.Equal((open.UploadId, "alice", "alice", "alice", "alice"), (upload.UploadId, upload.Initiator.Id, upload.Initiator.DisplayName, upload.Owner.Id, upload.Owner.DisplayName));

        var parts = await S3.ListPartsAsync(new ListPartsRequest { BucketName = bucket, Key = "open.bin", UploadId = open.UploadId });
        Assert.Equal(("alice", "alice"), (parts.Initiator.Id, parts.Owner.Id));

        // ListObjects (v1) always names owners; v2 only with fetch-owner.
        var v1 = await S3.ListObjectsAsync(new ListObjectsRequest { BucketName = bucket });
        Assert.Equal(["by-alice.bin:alice", "by-root.txt:root"], v1.S3Objects.Select(o => $"{o.Key}:{o.Owner?.Id}"));
        var v2 = await S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
        Assert.All(v2.S3Objects, o => Assert.Null(o.Owner));
        var fetched = await S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, FetchOwner = true });
        Assert.Equal(["by-alice.bin:alice", "by-root.txt:root"], fetched.S3Objects.Select(o => $"{o.Key}:{o.Owner?.Id}"));
    }

    [Fact]
    public async Task CreatingOnesOwnBucketAgainAnswers200AndChangesNothingInUsEast1()
    {
        var bucket = await NewExclusiveBucketAsync();
        var again = await TestSigV4Signer.SendAsync(Http, HttpMethod.Put, "/" + bucket, customize: r => r.Headers.Add("x-multipart-bucket-rule", "concurrent"));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(BucketRule.Exclusive, (await Grains.GetGrain<IBucketGrain>(bucket).Describe())!.Rule);
    }

    [Fact]
    public async Task AnotherAccountsBucketNameIsBucketAlreadyExists()
    {
        var bucket = "alice-" + Guid.NewGuid().ToString("N")[..10];
        await As(Alice, () => Grains.GetGrain<IBucketGrain>(bucket).Create(BucketRule.Exclusive));

        var refused = await S3Error(() => S3.PutBucketAsync(new PutBucketRequest { BucketName = bucket }));
        Assert.Equal((409, "BucketAlreadyExists"), ((int)refused.StatusCode, refused.ErrorCode));
        var kept = (await Grains.GetGrain<IBucketGrain>(bucket).Describe())!;
        Assert.Equal((BucketRule.Exclusive, "alice"), (kept.Rule, kept.Owner));
    }

    private static List<string> Mine(IReadOnlyList<BucketInfo> buckets, string suffix) =>
        buckets.Select(b => b.Name).Where(n => n.EndsWith(suffix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();

    /// <summary>Runs <paramref name="call"/> as <paramref name="principal"/> (what the gateway does after authenticating a request).</summary>
    private static async Task<T> As<T>(Principal principal, Func<Task<T>> call)
    {
        RequestContext.Clear();
        CallerContext.Set(principal);
        try
        {
            return await call();
        }
        finally
        {
            RequestContext.Clear();
        }
    }
}

public sealed class SqliteOwnershipListingTests(SqliteServiceFixture fixture) : OwnershipListingTests(fixture), IClassFixture<SqliteServiceFixture>;

public sealed class PostgresOwnershipListingTests(PostgresServiceFixture fixture) : OwnershipListingTests(fixture), IClassFixture<PostgresServiceFixture>;

/// <summary>Outside us-east-1, S3 answers a second CreateBucket of one's own bucket with BucketAlreadyOwnedByYou.</summary>
public sealed class OwnBucketOutsideUsEast1Tests
{
    [Fact]
    public async Task CreatingOnesOwnBucketAgainIsBucketAlreadyOwnedByYou()
    {
        await using var host = await ServiceHost.StartAsync(StoreKind.Sqlite, new Dictionary<string, string> { ["Gateway:S3:Region"] = "eu-west-1" });
        using var s3 = host.CreateS3Client();
        await s3.PutBucketAsync(new PutBucketRequest { BucketName = "mine" });
        var refused = await Assert.ThrowsAnyAsync<Amazon.S3.AmazonS3Exception>(() => s3.PutBucketAsync(new PutBucketRequest { BucketName = "mine" }));
        Assert.Equal((409, "BucketAlreadyOwnedByYou"), ((int)refused.StatusCode, refused.ErrorCode));
    }
}
