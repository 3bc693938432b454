namespace Orleans.Multipart.Tests.Infrastructure;

/// <summary>
/// A host with two ordinary (non-administrator) accounts, A and B, made the way an operator makes them: the built
/// omp-admin, run as a process with the root key (<c>accounts create</c>, <c>keys create</c>). Real clients sign
/// with those keys, so every request they send is decided by access control, never by the administrator's pass.
/// </summary>
public sealed class CliMadeAccounts : IAsyncLifetime
{
    public ServiceHost Host { get; private set; } = null!;

    public TestAccount A { get; private set; } = null!;

    public TestAccount B { get; private set; } = null!;

    public string Endpoint => Host.BaseAddress.ToString().TrimEnd('/');

    public async Task InitializeAsync()
    {
        Host = await ServiceHost.StartAsync(StoreKind.Sqlite);
        var cli = new AdminCli(Host.BaseAddress);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        A = await CreateAsync(cli, "client-a-" + suffix);
        B = await CreateAsync(cli, "client-b-" + suffix);
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    private static async Task<TestAccount> CreateAsync(AdminCli cli, string id)
    {
        var account = await cli.JsonAsync("accounts", "create", id, "--display-name", "Client " + id);
        Assert.False(account!["admin"]?.GetValue<bool>() ?? false, $"omp-admin made {id} an administrator: {account.ToJsonString()}");
        var key = (await cli.JsonAsync("keys", "create", id))!;
        return new TestAccount(key["accessKeyId"]!.GetValue<string>(), key["secretKey"]!.GetValue<string>(), id);
    }
}
