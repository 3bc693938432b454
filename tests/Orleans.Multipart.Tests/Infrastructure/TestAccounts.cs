namespace Orleans.Multipart.Tests.Infrastructure;

/// <summary>One test account's key: its access key id, secret and account id.</summary>
public sealed record TestAccount(string AccessKey, string SecretKey, string AccountId);

/// <summary>Two ordinary (non-administrator) accounts, A and B, for cross-account tests: real accounts and keys, created through the account administration grain.</summary>
public static class TestAccounts
{
    public static async Task<(TestAccount A, TestAccount B)> CreateAsync(ServiceHost host)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        return (await CreateAsync(host, "account-a-" + suffix), await CreateAsync(host, "account-b-" + suffix));
    }

    private static async Task<TestAccount> CreateAsync(ServiceHost host, string accountId)
    {
        var grains = host.Get<IGrainFactory>();
        await AccountAdmin.CallAsync(grains, admin => admin.CreateAccount(accountId, "Test " + accountId, isAdmin: false));
        var key = await AccountAdmin.CallAsync(grains, admin => admin.CreateKey(accountId, null));
        return new TestAccount(key.Key.AccessKeyId, key.SecretKey, accountId);
    }
}
