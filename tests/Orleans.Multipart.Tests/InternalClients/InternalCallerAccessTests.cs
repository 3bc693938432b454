using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Multipart.Client;

namespace Orleans.Multipart.Tests.InternalClients;

/// <summary>
/// Internal services are principals: a client of the cluster acts as the account of its access key, the
/// silo refuses calls without a valid credential and decides the others as the HTTP gateway decides
/// requests (owner, ACL grants), and only an administrator's credential may name another principal.
/// </summary>
public sealed class InternalCallerAccessTests : IAsyncLifetime
{
    private InternalClientSilo _silo = null!;

    public async Task InitializeAsync() => _silo = await InternalClientSilo.StartAsync();

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    private async Task<IMultipartClient> ClientAsync((string AccessKeyId, string SecretKey) key) =>
        (await _silo.ClientAsync(key.AccessKeyId, key.SecretKey)).GetRequiredService<IMultipartClient>();

    private static async Task AssertDeniedAsync(Func<Task> call)
    {
        var refused = await Assert.ThrowsAsync<MultipartException>(call);
        Assert.Equal(MultipartError.AccessDenied, refused.Error);
    }

    [Fact]
    public async Task AClientWithoutACredentialIsRefusedButOrleansOwnCallsStillWork()
    {
        var raw = await _silo.RawClientAsync();

        await AssertDeniedAsync(() => raw.GetGrain<IBucketGrain>("raw-bucket").Create(BucketRule.Concurrent));
        await AssertDeniedAsync(() => raw.GetGrain<IBucketGrain>("raw-bucket").Describe());
        // Management (and membership, reminders, the dashboard) are Orleans' interfaces: not checked.
        var hosts = await raw.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        Assert.Single(hosts);
    }

    [Fact]
    public async Task AWrongSecretIsRefused()
    {
        var forged = await ClientAsync((InternalClientSilo.RootAccessKey, "not-the-secret"));
        await AssertDeniedAsync(() => forged.CreateBucketAsync("forged-bucket", BucketRule.Concurrent));

        var unknown = await ClientAsync(("no-such-key", "secret"));
        await AssertDeniedAsync(() => unknown.DescribeBucketAsync("forged-bucket"));
    }

    [Fact]
    public async Task AnAccountMayUseItsOwnBucketButNotAnothersUntilTheAclGrantsIt()
    {
        var alice = await ClientAsync(_silo.AddKey("alice"));
        var bob = await ClientAsync(_silo.AddKey("bob"));
        var created = await alice.CreateBucketAsync("alice-bucket", BucketRule.Concurrent);
        Assert.Equal("alice", created.Owner);
        var upload = await alice.InitiateUploadAsync("alice-bucket", "own", new ObjectSettings());

        // Writes and reads of another account's bucket are refused by the grains.
        await AssertDeniedAsync(() => bob.InitiateUploadAsync("alice-bucket", "theirs", new ObjectSettings()));
        await AssertDeniedAsync(() => bob.ListUploadsAsync("alice-bucket", new UploadListingRequest()));
        await AssertDeniedAsync(() => bob.ListPartsAsync("alice-bucket", "own", upload.UploadId));
        await AssertDeniedAsync(() => bob.AbortUploadAsync("alice-bucket", "own", upload.UploadId));
        await AssertDeniedAsync(() => bob.GetObjectAsync("alice-bucket", "own"));
        await AssertDeniedAsync(() => bob.DescribeBucketAsync("alice-bucket"));
        Assert.Single((await alice.ListUploadsAsync("alice-bucket", new UploadListingRequest())).Uploads);

        // The owner grants bob READ and WRITE on the bucket (the root key's client sets the ACL as the admin API would).
        var root = (await _silo.ClientAsync(InternalClientSilo.RootAccessKey, InternalClientSilo.RootSecretKey)).GetRequiredService<IClusterClient>();
        await root.GetGrain<IBucketGrain>("alice-bucket").SetAcl(new AccessControlList("alice",
        [
            new Grant(Grantee.Account("alice"), AclPermission.FullControl),
            new Grant(Grantee.Account("bob"), AclPermission.Write),
            new Grant(Grantee.Account("bob"), AclPermission.Read),
        ]));

        // The silo's copy of the bucket's access lasts at most a second.
        var theirs = await EventuallyAsync(() => bob.InitiateUploadAsync("alice-bucket", "theirs", new ObjectSettings()));
        Assert.Equal(2, (await bob.ListUploadsAsync("alice-bucket", new UploadListingRequest())).Uploads.Count);
        await bob.AbortUploadAsync("alice-bucket", "theirs", theirs.UploadId);
        // Reading an object needs the object's grant, which the bucket's ACL is not.
        await AssertDeniedAsync(() => bob.GetObjectAsync("alice-bucket", "own"));
    }

    [Fact]
    public async Task AKeyCannotNameAnotherAccountsPrincipal()
    {
        var aliceKey = _silo.AddKey("alice");
        var alice = await ClientAsync(aliceKey);
        await alice.CreateBucketAsync("named-bucket", BucketRule.Concurrent);
        var bob = await ClientAsync(_silo.AddKey("bob"));

        // Bob's credential naming alice (a forged principal) is refused, even where alice may act.
        CallerContext.Set(new Principal("alice", aliceKey.AccessKeyId));
        await AssertDeniedAsync(() => bob.ListUploadsAsync("named-bucket", new UploadListingRequest()));
        await AssertDeniedAsync(() => bob.CreateBucketAsync("bob-as-alice", BucketRule.Concurrent));

        // An administrator's credential (what the gateways hold) may act for alice (still named): the bucket is hers.
        var root = await ClientAsync((InternalClientSilo.RootAccessKey, InternalClientSilo.RootSecretKey));
        var created = await root.CreateBucketAsync("root-for-alice", BucketRule.Concurrent);
        Assert.Equal("alice", created.Owner);
    }

    [Fact]
    public async Task ADisabledKeyIsRefusedWithinTwoSeconds()
    {
        var key = _silo.AddKey("carol");
        var carol = await ClientAsync(key);
        await carol.CreateBucketAsync("carol-bucket", BucketRule.Concurrent);

        _silo.Keys.TryRemove(key.AccessKeyId, out _);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await carol.DescribeBucketAsync("carol-bucket");
            }
            catch (MultipartException ex) when (ex.Error == MultipartError.AccessDenied)
            {
                break;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "the disabled key was still accepted after 10 s");
            await Task.Delay(50);
        }

        // The silo keeps a key for a second; a loaded machine may add a little to the refusal's round trip.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"refused after {clock.Elapsed}");
    }

    [Fact]
    public async Task AClientWithoutItsKeyDoesNotStart()
    {
        var failure = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => _silo.ClientAsync(null, null));
        Assert.Contains("MultipartClient:AccessKeyId is required", failure.Message);
        Assert.Contains("MultipartClient:SecretKey is required", failure.Message);
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> call)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await call();
            }
            catch (MultipartException ex) when (ex.Error == MultipartError.AccessDenied && deadline.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(100);
            }
        }
    }
}
