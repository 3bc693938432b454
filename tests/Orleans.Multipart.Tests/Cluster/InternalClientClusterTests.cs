using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Multipart.Client;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.Cluster;

/// <summary>
/// Internal clients on the real process cluster (3 silos and a standalone gateway on PostgreSQL): a
/// service account with no permission on a bucket is refused by the grains for writes and reads, and
/// allowed once the bucket's ACL grants it; a key naming another account is refused; a key disabled
/// through the account administration is refused within 2 s.
/// </summary>
[Collection(ProcessClusterCollection.Name)]
[Trait(TestCategory.Name, TestCategory.Slow)]
public sealed class InternalClientClusterTests(ProcessCluster cluster) : IClassFixture<ProcessCluster>, IAsyncLifetime
{
    private readonly List<IHost> _hosts = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.StopAsync(TimeSpan.FromSeconds(10));
            host.Dispose();
        }
    }

    private async Task<IServiceProvider> ClientAsync(string accessKeyId, string secretKey)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MultipartClient:AccessKeyId"] = accessKeyId,
            ["MultipartClient:SecretKey"] = secretKey,
            ["Orleans:ClusterId"] = ProcessCluster.ClusterId,
            ["ConnectionStrings:Postgres"] = cluster.ConnectionString,
        });
        builder.AddMultipartClient();
        var host = builder.Build();
        _hosts.Add(host);
        using var connecting = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await host.StartAsync(connecting.Token);
        return host.Services;
    }

    private static async Task AssertDeniedAsync(Func<Task> call)
    {
        var refused = await Assert.ThrowsAsync<MultipartException>(call);
        Assert.Equal(MultipartError.AccessDenied, refused.Error);
    }

    [Fact]
    public async Task TheGrainsRefuseAServiceAccountWhatItsAccountMayNotDo()
    {
        var root = await ClientAsync(ProcessCluster.AccessKey, ProcessCluster.SecretKey);
        var admin = root.GetRequiredService<IClusterClient>();
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var (owner, other) = ($"owner-{suffix}", $"other-{suffix}");
        await AccountAdmin.CallAsync(admin, a => a.CreateAccount(owner, "Owner", isAdmin: false));
        await AccountAdmin.CallAsync(admin, a => a.CreateAccount(other, "Other", isAdmin: false));
        var ownerKey = await AccountAdmin.CallAsync(admin, a => a.CreateKey(owner, null));
        var otherKey = await AccountAdmin.CallAsync(admin, a => a.CreateKey(other, null));
        var owning = (await ClientAsync(ownerKey.Key.AccessKeyId, ownerKey.SecretKey)).GetRequiredService<IMultipartClient>();
        var outsider = (await ClientAsync(otherKey.Key.AccessKeyId, otherKey.SecretKey)).GetRequiredService<IMultipartClient>();

        var bucket = $"internal-{suffix}";
        Assert.Equal(owner, (await owning.CreateBucketAsync(bucket, BucketRule.Concurrent)).Owner);
        var upload = await owning.InitiateUploadAsync(bucket, "owned", new ObjectSettings());

        // No permission: writes and reads refused by the grains, whichever silo they land on.
        await AssertDeniedAsync(() => outsider.InitiateUploadAsync(bucket, "theirs", new ObjectSettings()));
        await AssertDeniedAsync(() => outsider.AbortUploadAsync(bucket, "owned", upload.UploadId));
        await AssertDeniedAsync(() => outsider.ListUploadsAsync(bucket, new UploadListingRequest()));
        await AssertDeniedAsync(() => outsider.ListPartsAsync(bucket, "owned", upload.UploadId));
        await AssertDeniedAsync(() => outsider.GetObjectAsync(bucket, "owned"));

        // A forged principal: the outsider's credential naming the owner.
        await AssertDeniedAsync(async () =>
        {
            CallerContext.Set(new Principal(owner, ownerKey.Key.AccessKeyId));
            await outsider.ListUploadsAsync(bucket, new UploadListingRequest());
        });

        // The bucket's ACL grants the outsider READ and WRITE: allowed (each silo's copy lasts at most 1 s).
        await AccountAdmin.CallAsync(admin, async _ =>
        {
            // Set through the admin's own context (AccountAdmin.CallAsync's), which does not leak into the outsider's calls.
            await admin.GetGrain<IBucketGrain>(bucket).SetAcl(new AccessControlList(owner,
            [
                new Grant(Grantee.Account(owner), AclPermission.FullControl),
                new Grant(Grantee.Account(other), AclPermission.Write),
                new Grant(Grantee.Account(other), AclPermission.Read),
            ]));
            return true;
        });
        var granted = Stopwatch.StartNew();
        UploadInfo? theirs = null;
        while (theirs is null)
        {
            try
            {
                theirs = await outsider.InitiateUploadAsync(bucket, "theirs", new ObjectSettings());
            }
            catch (MultipartException ex) when (ex.Error == MultipartError.AccessDenied && granted.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(100);
            }
        }

        // The listing may reach a silo whose copy of the ACL is the old one for up to a second more.
        UploadListing? listed = null;
        while (listed is null)
        {
            try
            {
                listed = await outsider.ListUploadsAsync(bucket, new UploadListingRequest());
            }
            catch (MultipartException ex) when (ex.Error == MultipartError.AccessDenied && granted.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(100);
            }
        }

        Assert.Equal(2, listed.Uploads.Count);

        // The outsider's key disabled through the account administration: refused within 2 s.
        await AccountAdmin.CallAsync(admin, a => a.SetKeyState(otherKey.Key.AccessKeyId, AccessKeyState.Disabled));
        var disabled = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await outsider.ListUploadsAsync(bucket, new UploadListingRequest());
            }
            catch (MultipartException ex) when (ex.Error == MultipartError.AccessDenied)
            {
                break;
            }

            Assert.True(disabled.Elapsed < TimeSpan.FromSeconds(30), "the disabled key was still accepted after 30 s");
            await Task.Delay(25);
        }

        Assert.True(disabled.Elapsed < TimeSpan.FromSeconds(2), $"refused after {disabled.Elapsed}");
    }
}
