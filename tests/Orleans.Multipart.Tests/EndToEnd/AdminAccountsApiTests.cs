using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Orleans.Multipart.Tests.Infrastructure;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// The admin API's accounts and keys on a real service, used with AWSSDK.S3: a created key signs requests, a
/// disabled or rotated-away one is refused, a non-administrator's key is refused by the admin API, an account
/// that owns buckets is not deleted until its buckets are given away (chown).
/// </summary>
public sealed class AdminAccountsApiTests : IAsyncLifetime
{
    private ServiceHost _host = null!;

    public async Task InitializeAsync() => _host = await ServiceHost.StartAsync(StoreKind.Sqlite);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task AccountsAreCreatedListedAndRefusedWhenMalformedOrTaken()
    {
        using var admin = new AdminHttp(_host.BaseAddress);

        var created = await admin.PostAsync("accounts", new { id = "alice", displayName = "Alice A." });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal("Alice A.", created.Json!["displayName"]!.GetValue<string>());
        Assert.Equal("active", created.Json!["state"]!.GetValue<string>());
        Assert.False(created.Json!["admin"]!.GetValue<bool>());

        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync("accounts", new { id = "alice" })).Status);
        foreach (var bad in new[] { "Alice", "anonymous", "root", "-x", "" })
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync("accounts", new { id = bad })).Status);
        }

        Assert.Equal("alice", (await admin.GetAsync("accounts/alice")).Json!["id"]!.GetValue<string>());
        var missing = await admin.GetAsync("accounts/nobody");
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal("NoSuchAccount", missing.Error);
        var ids = (await admin.GetAsync("accounts")).Json!.AsArray().Select(a => a!["id"]!.GetValue<string>()).ToList();
        Assert.Contains("alice", ids);
        Assert.Contains("root", ids);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("keys", new { account = "nobody" })).Status);
    }

    [Fact]
    public async Task AKeySignsUntilDisabledRotatedOrDeleted()
    {
        using var admin = new AdminHttp(_host.BaseAddress);
        await admin.PostAsync("accounts", new { id = "keyed" });

        var key = (await admin.PostAsync("keys", new { account = "keyed" })).Json!;
        var accessKey = key["accessKeyId"]!.GetValue<string>();
        var secret = key["secretKey"]!.GetValue<string>();
        Assert.Equal("keyed", key["account"]!.GetValue<string>());
        var listed = (await admin.GetAsync("keys?account=keyed")).Json!.AsArray();
        Assert.Equal(accessKey, Assert.Single(listed)!["accessKeyId"]!.GetValue<string>());
        Assert.DoesNotContain(secret, (await admin.GetAsync("keys")).Text, StringComparison.Ordinal);
        using (var s3 = _host.CreateS3Client(secret, accessKey))
        {
            await s3.PutBucketAsync("keyed-bucket");
        }

        Assert.Equal("disabled", (await admin.PostAsync($"keys/{accessKey}/disable")).Json!["state"]!.GetValue<string>());
        await RefusedWithinAsync(accessKey, secret);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"keys/{accessKey}/enable")).Status);
        await AcceptedWithinAsync(accessKey, secret);

        var rotated = (await admin.PostAsync($"keys/{accessKey}/rotate")).Json!;
        var newSecret = rotated["secretKey"]!.GetValue<string>();
        Assert.NotEqual(secret, newSecret);
        await RefusedWithinAsync(accessKey, secret);
        await AcceptedWithinAsync(accessKey, newSecret);

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("accounts/keyed/disable")).Status);
        await RefusedWithinAsync(accessKey, newSecret);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("accounts/keyed/enable")).Status);
        await AcceptedWithinAsync(accessKey, newSecret);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"keys/{accessKey}")).Status);
        await RefusedWithinAsync(accessKey, newSecret);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync($"keys/{accessKey}/rotate")).Status);
    }

    [Fact]
    public async Task ANonAdministratorsKeyIsRefusedByTheAdminApi()
    {
        using var root = new AdminHttp(_host.BaseAddress);
        await root.PostAsync("accounts", new { id = "plain" });
        var key = (await root.PostAsync("keys", new { account = "plain" })).Json!;
        using var plain = new AdminHttp(_host.BaseAddress, key["accessKeyId"]!.GetValue<string>(), key["secretKey"]!.GetValue<string>());

        foreach (var (method, path) in new[] { ("GET", "accounts"), ("POST", "accounts"), ("GET", "buckets"), ("POST", "keys") })
        {
            var answer = await plain.SendAsync(new HttpMethod(method), path, method == "POST" ? new { id = "sneaky", account = "plain" } : null);
            Assert.Equal(HttpStatusCode.Forbidden, answer.Status);
            Assert.Equal("AccessDenied", answer.Error);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await root.GetAsync("accounts/sneaky")).Status);
        Assert.Single((await root.GetAsync("keys?account=plain")).Json!.AsArray());

        // An administrator account's key is let in.
        await root.PostAsync("accounts", new { id = "ops", admin = true });
        var opsKey = (await root.PostAsync("keys", new { account = "ops" })).Json!;
        using var ops = new AdminHttp(_host.BaseAddress, opsKey["accessKeyId"]!.GetValue<string>(), opsKey["secretKey"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await ops.GetAsync("accounts")).Status);
    }

    [Fact]
    public async Task AnAccountOwningBucketsIsDeletedOnlyAfterItsBucketsAreGivenAway()
    {
        using var admin = new AdminHttp(_host.BaseAddress);
        await admin.PostAsync("accounts", new { id = "leaver" });
        await admin.PostAsync("accounts", new { id = "heir" });
        var made = await admin.PostAsync("buckets", new { name = "leaver-bucket", owner = "leaver" });
        Assert.Equal(HttpStatusCode.Created, made.Status);
        Assert.Equal("leaver", made.Json!["owner"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("buckets", new { name = "orphan-bucket", owner = "nobody" })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("buckets/orphan-bucket")).Status);

        var refused = await admin.DeleteAsync("accounts/leaver");
        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Equal("AccountOwnsBuckets", refused.Error);

        Assert.Equal(HttpStatusCode.NotFound, (await admin.PutAsync("buckets/leaver-bucket/owner", new { owner = "nobody" })).Status);
        var chowned = await admin.PutAsync("buckets/leaver-bucket/owner", new { owner = "heir" });
        Assert.Equal(HttpStatusCode.OK, chowned.Status);
        Assert.Equal("heir", chowned.Json!["owner"]!.GetValue<string>());
        Assert.Equal("heir", (await admin.GetAsync("buckets/leaver-bucket/grants")).Json!["owner"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("accounts/leaver")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("accounts/leaver")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.DeleteAsync("accounts/root")).Status);
    }

    /// <summary>Polls: a key change reaches every gateway's cache within 2 s; on a loaded machine allow more.</summary>
    private async Task RefusedWithinAsync(string accessKey, string secret)
    {
        using var s3 = _host.CreateS3Client(secret, accessKey);
        for (var started = DateTime.UtcNow; ; await Task.Delay(100))
        {
            try
            {
                await s3.ListBucketsAsync();
            }
            catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.Forbidden)
            {
                return;
            }

            Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(30), $"{accessKey} was still accepted after 30 s");
        }
    }

    private async Task AcceptedWithinAsync(string accessKey, string secret)
    {
        using var s3 = _host.CreateS3Client(secret, accessKey);
        for (var started = DateTime.UtcNow; ; await Task.Delay(100))
        {
            try
            {
                await s3.ListBucketsAsync();
                return;
            }
            catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.Forbidden && DateTime.UtcNow - started < TimeSpan.FromSeconds(30))
            {
            }
        }
    }
}
