using System.Collections.Concurrent;
using System.Diagnostics;
using Amazon.S3;
using Amazon.S3.Model;
using Orleans.Multipart.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Orleans.Multipart.Tests.EndToEnd;

/// <summary>
/// Accounts' access keys over real HTTP with AWSSDK.S3: a key created through the account administration
/// grain signs requests at once; disabled, rotated, expired, deleted or its account disabled, it is refused
/// within 2 s; its secret is sealed under the master key (another master key refuses every stored key, and
/// changes nothing); no secret reaches the log.
/// </summary>
public sealed class AccessKeyTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Promise = TimeSpan.FromSeconds(2);

    /// <summary>Every line the host logs (Orleans.Multipart's at Debug), kept to look for secrets, and shown when the test fails.</summary>
    private readonly RecordingOutput _log = new(output);

    private Task<ServiceHost> StartAsync(StoreKind kind, Dictionary<string, string>? settings = null)
    {
        settings ??= [];
        settings["Logging:LogLevel:Orleans.Multipart"] = "Debug";
        return ServiceHost.StartAsync(kind, settings, _log);
    }

    private static IGrainFactory Grains(ServiceHost host) => host.Get<IGrainFactory>();

    private static async Task<(string Account, NewAccessKey Key)> AccountWithKeyAsync(ServiceHost host, DateTimeOffset? expires = null)
    {
        var account = "user-" + Guid.NewGuid().ToString("N")[..8];
        await AccountAdmin.CallAsync(Grains(host), admin => admin.CreateAccount(account, "User " + account, isAdmin: false));
        var key = await AccountAdmin.CallAsync(Grains(host), admin => admin.CreateKey(account, expires));
        return (account, key);
    }

    private static AmazonS3Client Client(ServiceHost host, NewAccessKey key, string? secret = null) =>
        host.CreateS3Client(secretKey: secret ?? key.SecretKey, accessKey: key.Key.AccessKeyId);

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task ACreatedKeySignsRequestsAndOnceDisabledIsRefusedWithinTwoSeconds(StoreKind kind)
    {
        await using var host = await StartAsync(kind);
        var (account, key) = await AccountWithKeyAsync(host);
        Assert.Matches("^OMP[A-Z0-9]{17}$", key.Key.AccessKeyId);
        Assert.Matches("^[A-Za-z0-9]{40}$", key.SecretKey);
        Assert.Equal(account, key.Key.AccountId);

        using var s3 = Client(host, key);
        var bucket = "keys-" + Guid.NewGuid().ToString("N")[..8];
        await s3.PutBucketAsync(bucket);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "hello", ContentBody = "signed with a created key" });
        using (var read = await s3.GetObjectAsync(bucket, "hello"))
        using (var reader = new StreamReader(read.ResponseStream))
        {
            Assert.Equal("signed with a created key", await reader.ReadToEndAsync());
        }

        var clock = Stopwatch.StartNew();
        await AccountAdmin.CallAsync(Grains(host), admin => admin.SetKeyState(key.Key.AccessKeyId, AccessKeyState.Disabled));
        var refusedAfter = await KeyRefusal.WaitAsync(clock, () => s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket }), "InvalidAccessKeyId");
        output.WriteLine($"{kind}: disabled key refused after {refusedAfter.TotalMilliseconds:0} ms");
        Assert.True(refusedAfter <= Promise, $"refused only after {refusedAfter.TotalMilliseconds:0} ms");

        // The root key is unaffected; the key enabled again works again.
        using var root = host.CreateS3Client();
        await root.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
        await AccountAdmin.CallAsync(Grains(host), admin => admin.SetKeyState(key.Key.AccessKeyId, AccessKeyState.Active));
        await WaitAcceptedAsync(() => s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket }));

        AssertNoSecretLogged(key.SecretKey);
    }

    [Fact]
    public async Task ARotatedKeysOldSecretIsRefusedAndItsNewSecretWorks()
    {
        await using var host = await StartAsync(StoreKind.Sqlite);
        var (_, key) = await AccountWithKeyAsync(host);
        using var old = Client(host, key);
        await old.ListBucketsAsync();

        var clock = Stopwatch.StartNew();
        var rotated = await AccountAdmin.CallAsync(Grains(host), admin => admin.RotateKey(key.Key.AccessKeyId));
        Assert.Equal(key.Key.AccessKeyId, rotated.Key.AccessKeyId);
        Assert.NotEqual(key.SecretKey, rotated.SecretKey);
        var refusedAfter = await KeyRefusal.WaitAsync(clock, () => old.ListBucketsAsync(), "SignatureDoesNotMatch");
        output.WriteLine($"old secret refused after {refusedAfter.TotalMilliseconds:0} ms");
        Assert.True(refusedAfter <= Promise, $"refused only after {refusedAfter.TotalMilliseconds:0} ms");

        using var current = Client(host, rotated);
        await current.ListBucketsAsync();
        AssertNoSecretLogged(key.SecretKey, rotated.SecretKey);
    }

    [Fact]
    public async Task AKeyWorksUntilItExpiresAndIsRefusedFromThen()
    {
        await using var host = await StartAsync(StoreKind.Sqlite);
        var expires = DateTimeOffset.UtcNow.AddSeconds(5);
        var (_, key) = await AccountWithKeyAsync(host, expires);
        Assert.Equal(expires.ToUnixTimeMilliseconds(), key.Key.Expires!.Value.ToUnixTimeMilliseconds());
        using var s3 = Client(host, key);
        await s3.ListBucketsAsync();

        var clock = Stopwatch.StartNew();
        await KeyRefusal.WaitAsync(clock, () => s3.ListBucketsAsync(), "InvalidAccessKeyId");
        var refusedAt = DateTimeOffset.UtcNow;
        output.WriteLine($"refused {(refusedAt - expires).TotalMilliseconds:0} ms after its expiry");
        Assert.True(refusedAt >= expires.AddMilliseconds(-50), $"refused {(expires - refusedAt).TotalMilliseconds:0} ms before its expiry");
        Assert.True(refusedAt - expires <= Promise, $"refused {(refusedAt - expires).TotalMilliseconds:0} ms after its expiry");

        var refused = await Assert.ThrowsAsync<MultipartException>(() => AccountAdmin.CallAsync(Grains(host), admin => admin.CreateKey(key.Key.AccountId, DateTimeOffset.UtcNow.AddSeconds(-1))));
        Assert.Equal(MultipartError.InvalidArgument, refused.Error);
    }

    [Fact]
    public async Task ADisabledAccountsKeysAndADeletedKeyAreRefused()
    {
        await using var host = await StartAsync(StoreKind.Sqlite);
        var (account, key) = await AccountWithKeyAsync(host);
        var second = await AccountAdmin.CallAsync(Grains(host), admin => admin.CreateKey(account, null));
        using var first = Client(host, key);
        using var other = Client(host, second);
        await first.ListBucketsAsync();
        await other.ListBucketsAsync();

        var clock = Stopwatch.StartNew();
        var disabled = await AccountAdmin.CallAsync(Grains(host), admin => admin.SetAccountState(account, AccountState.Disabled));
        Assert.Equal(AccountState.Disabled, disabled.State);
        foreach (var client in new[] { first, other })
        {
            var after = await KeyRefusal.WaitAsync(clock, () => client.ListBucketsAsync(), "InvalidAccessKeyId");
            Assert.True(after <= Promise, $"a key of the disabled account refused only after {after.TotalMilliseconds:0} ms");
        }

        // Each key's refusal is cached on its own, so each is accepted again in its own time: wait for both, or the
        // check below that deleting one key leaves the other working would race the other's cached refusal.
        await AccountAdmin.CallAsync(Grains(host), admin => admin.SetAccountState(account, AccountState.Active));
        await WaitAcceptedAsync(() => first.ListBucketsAsync());
        await WaitAcceptedAsync(() => other.ListBucketsAsync());

        clock.Restart();
        await AccountAdmin.CallAsync(Grains(host), async admin => { await admin.DeleteKey(key.Key.AccessKeyId); return 0; });
        var deletedAfter = await KeyRefusal.WaitAsync(clock, () => first.ListBucketsAsync(), "InvalidAccessKeyId");
        Assert.True(deletedAfter <= Promise, $"a deleted key refused only after {deletedAfter.TotalMilliseconds:0} ms");
        await other.ListBucketsAsync();
        Assert.Equal([second.Key.AccessKeyId], (await AccountAdmin.CallAsync(Grains(host), admin => admin.ListKeys(account))).Select(k => k.AccessKeyId));
    }

    public static TheoryData<string, Principal> NonAdministrators => new()
    {
        { "anonymous", Principal.Anonymous },
        { "an account's key", new Principal("someone", "OMPAAAAAAAAAAAAAAAAA", IsAdmin: false) },
        { "a trusted service without admin", new Principal("service", null, IsAdmin: false) },
    };

    [Theory]
    [MemberData(nameof(NonAdministrators))]
    public async Task OnlyAnAdministratorManagesAccountsAndKeys(string who, Principal principal)
    {
        await using var host = await StartAsync(StoreKind.Sqlite);
        var calls = new (string What, Func<IAccountAdminGrain, Task> Call)[]
        {
            ("create account", a => a.CreateAccount("intruder", "x", true)),
            ("list accounts", a => a.ListAccounts()),
            ("create key for root", a => a.CreateKey(AccountIds.Root, null)),
            ("list keys", a => a.ListKeys(null)),
        };
        foreach (var (what, call) in calls)
        {
            var refused = await Assert.ThrowsAsync<MultipartException>(() => AccountAdmin.CallAsync(Grains(host), async a => { await call(a); return 0; }, principal));
            Assert.True(refused.Error == MultipartError.AccessDenied, $"{who} / {what}: {refused.Error}");
        }

        Assert.Null(await AccountAdmin.CallAsync(Grains(host), a => a.GetAccount("intruder")));
        Assert.Empty(await AccountAdmin.CallAsync(Grains(host), a => a.ListKeys(AccountIds.Root)));
    }

    [Theory]
    [InlineData("reserved id", "anonymous")]
    [InlineData("upper case", "Alice")]
    [InlineData("empty", "")]
    [InlineData("a space", "al ice")]
    [InlineData("too long", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("taken", "root")]
    public async Task AnAccountWithABadOrTakenIdIsNotCreated(string what, string id)
    {
        await using var host = await StartAsync(StoreKind.Sqlite);
        var refused = await Assert.ThrowsAsync<MultipartException>(() => AccountAdmin.CallAsync(Grains(host), a => a.CreateAccount(id, "x", false)));
        Assert.True(refused.Error == MultipartError.InvalidArgument, $"{what}: {refused.Error}");
        Assert.Single(await AccountAdmin.CallAsync(Grains(host), a => a.ListAccounts())); // root alone
    }

    [Fact]
    public async Task AnAccountOwningABucketAndTheRootAccountAreNotDeleted()
    {
        await using var host = await StartAsync(StoreKind.Sqlite);
        var (account, key) = await AccountWithKeyAsync(host);
        using var s3 = Client(host, key);
        var bucket = "owned-" + Guid.NewGuid().ToString("N")[..8];
        await s3.PutBucketAsync(bucket);

        var owns = await Assert.ThrowsAsync<MultipartException>(() => AccountAdmin.CallAsync(Grains(host), async a => { await a.DeleteAccount(account); return 0; }));
        Assert.Equal(MultipartError.InvalidArgument, owns.Error);
        await s3.ListBucketsAsync(); // account and key untouched

        var root = await Assert.ThrowsAsync<MultipartException>(() => AccountAdmin.CallAsync(Grains(host), async a => { await a.DeleteAccount(AccountIds.Root); return 0; }));
        Assert.Equal(MultipartError.InvalidArgument, root.Error);

        await s3.DeleteBucketAsync(bucket);
        var clock = Stopwatch.StartNew();
        await AccountAdmin.CallAsync(Grains(host), async a => { await a.DeleteAccount(account); return 0; });
        Assert.Null(await AccountAdmin.CallAsync(Grains(host), a => a.GetAccount(account)));
        var after = await KeyRefusal.WaitAsync(clock, () => s3.ListBucketsAsync(), "InvalidAccessKeyId");
        Assert.True(after <= Promise, $"a deleted account's key refused only after {after.TotalMilliseconds:0} ms");
    }

    /// <summary>
    /// A single-node service creates its master key (owner-only) on first start and keeps it; started with
    /// another master key it refuses every stored key as unknown (403, never a 500 or a wrong secret accepted)
    /// while the configured root key still works, and with its own key back everything works again.
    /// </summary>
    [Fact]
    public async Task TheMasterKeyIsCreatedOwnerOnlyAndAnotherMasterKeyFailsClosed()
    {
        var settings = new Dictionary<string, string>();
        await using var host = await StartAsync(StoreKind.Sqlite, settings);
        var path = Path.Combine(host.DataPath, "auth-master.key");
        Assert.Equal(32, new FileInfo(path).Length);
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("the key file's mode is checked on Unix, where the service runs");
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        var created = await File.ReadAllBytesAsync(path);

        var (_, key) = await AccountWithKeyAsync(host);
        using (var s3 = Client(host, key))
        {
            await s3.ListBucketsAsync();
        }

        settings["Auth:MasterKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        await host.RestartAsync();
        using (var s3 = Client(host, key))
        {
            var refused = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.ListBucketsAsync());
            Assert.Equal("InvalidAccessKeyId", refused.ErrorCode);
            Assert.Equal(403, (int)refused.StatusCode);
        }

        using (var root = host.CreateS3Client())
        {
            await root.ListBucketsAsync();
        }

        settings.Remove("Auth:MasterKey");
        await host.RestartAsync();
        Assert.Equal(created, await File.ReadAllBytesAsync(path));
        using (var s3 = Client(host, key))
        {
            await s3.ListBucketsAsync();
        }

        Assert.Contains(_log.Lines, l => l.Contains(key.Key.AccessKeyId, StringComparison.Ordinal) && l.Contains("does not open", StringComparison.Ordinal));
        AssertNoSecretLogged(key.SecretKey, settings.GetValueOrDefault("Auth:MasterKey") ?? "", Convert.ToBase64String(created));
    }

    /// <summary>
    /// A key no gateway holds yet, first used while the database refuses connections: its grain cannot read it,
    /// which is a fault that clears by itself (503 ServiceUnavailable, which SDKs retry), not an unknown key (403)
    /// and never a 500; once the database is back the same key works.
    /// </summary>
    [Fact]
    public async Task AKeyFirstUsedWhileTheDatabaseIsDownIs503AndWorksAfterwards()
    {
        await using var host = await StartAsync(StoreKind.Postgres);
        var (_, key) = await AccountWithKeyAsync(host);
        var database = new Npgsql.NpgsqlConnectionStringBuilder(host.PostgresConnectionString).Database!;
        using var s3 = Client(host, key);

        await SetConnectionsAllowedAsync(database, allowed: false);
        try
        {
            var refused = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.ListBucketsAsync());
            Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("ServiceUnavailable", refused.ErrorCode);
        }
        finally
        {
            await SetConnectionsAllowedAsync(database, allowed: true);
        }

        await WaitAcceptedAsync(() => s3.ListBucketsAsync());
    }

    /// <summary>Refuses new connections to the database and ends the open ones (the service's pool included).</summary>
    private static async Task SetConnectionsAllowedAsync(string database, bool allowed)
    {
        await using var admin = new Npgsql.NpgsqlConnection(TestPostgres.ServerConnectionString);
        await admin.OpenAsync();
        await using var command = admin.CreateCommand();
        command.CommandText = $"ALTER DATABASE {database} ALLOW_CONNECTIONS {(allowed ? "true" : "false")};"
            + (allowed ? "" : $" SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}';");
        await command.ExecuteNonQueryAsync();
    }

    private static async Task WaitAcceptedAsync(Func<Task> request)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await request();
                return;
            }
            catch (AmazonS3Exception) when (clock.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(50);
            }
        }
    }

    private void AssertNoSecretLogged(params string[] secrets)
    {
        Assert.NotEmpty(_log.Lines);
        foreach (var secret in secrets.Where(s => s.Length > 0))
        {
            Assert.DoesNotContain(_log.Lines, l => l.Contains(secret, StringComparison.Ordinal));
        }
    }

    /// <summary>The test's output, every line also kept.</summary>
    private sealed class RecordingOutput(ITestOutputHelper inner) : ITestOutputHelper
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public IReadOnlyCollection<string> Lines => _lines;

        public void WriteLine(string message)
        {
            _lines.Enqueue(message);
            inner.WriteLine(message);
        }

        public void WriteLine(string format, params object[] args) => WriteLine(string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args));
    }
}
