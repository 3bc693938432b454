using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Multipart.Gateway.Core;

namespace Orleans.Multipart.Tests.Infrastructure;

/// <summary>One test account's key: its access key id, secret and account id.</summary>
public sealed record TestAccount(string AccessKey, string SecretKey, string AccountId);

/// <summary>
/// Two ordinary (non-administrator) accounts, A and B, beside the host's root key, for cross-account tests
/// until accounts are created through the admin grain: the gateway's credential store answers their keys and
/// passes every other key to the store the host registered.
/// </summary>
public static class TestAccounts
{
    public static readonly TestAccount A = new("AKTESTACCOUNTA0000001", "secret-of-account-a-0123456789", "account-a");
    public static readonly TestAccount B = new("AKTESTACCOUNTB0000002", "secret-of-account-b-0123456789", "account-b");

    /// <summary>Registers the two accounts' keys in front of the host's own credential store.</summary>
    public static void Register(WebApplicationBuilder builder)
    {
        var registered = builder.Services.LastOrDefault(s => s.ServiceType == typeof(ICredentialStore))
            ?? throw new InvalidOperationException("The host registers no credential store.");
        builder.Services.Replace(ServiceDescriptor.Singleton<ICredentialStore>(services => new Store(Resolve(services, registered))));
    }

    private static ICredentialStore Resolve(IServiceProvider services, ServiceDescriptor registered) => registered switch
    {
        { ImplementationInstance: ICredentialStore instance } => instance,
        { ImplementationFactory: { } factory } => (ICredentialStore)factory(services),
        { ImplementationType: { } type } => (ICredentialStore)ActivatorUtilities.CreateInstance(services, type),
        _ => throw new InvalidOperationException("Unexpected credential store registration."),
    };

    private sealed class Store(ICredentialStore inner) : ICredentialStore
    {
        private static readonly Dictionary<string, ResolvedAccessKey> Keys = new[] { A, B }.ToDictionary(
            a => a.AccessKey,
            a => new ResolvedAccessKey(a.SecretKey, new Principal(a.AccountId, a.AccessKey), a.AccountId, null));

        public ResolvedAccessKey? Find(string accessKey) => Keys.TryGetValue(accessKey, out var key) ? key : inner.Find(accessKey);

        public ValueTask LoadAsync(string accessKey, CancellationToken cancellationToken) =>
            Keys.ContainsKey(accessKey) ? ValueTask.CompletedTask : inner.LoadAsync(accessKey, cancellationToken);
    }
}
