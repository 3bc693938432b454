using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Orleans.Multipart.Gateway.Core;

/// <summary>The configured root key alone: the bootstrap administrator, account <see cref="AccountIds.Root"/>.</summary>
internal sealed class ConfiguredCredentialStore(IOptions<AuthOptions> options) : ICredentialStore
{
    public ResolvedAccessKey? Find(string accessKey) =>
        options.Value.RootAccessKey is { Length: > 0 } ak && options.Value.RootSecretKey is { Length: > 0 } sk
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(ak), Encoding.UTF8.GetBytes(accessKey))
            ? new ResolvedAccessKey(sk, new Principal(AccountIds.Root, ak, IsAdmin: true), AccountIds.Root, null)
            : null;

    public ValueTask LoadAsync(string accessKey, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
