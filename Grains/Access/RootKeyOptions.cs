namespace Orleans.Multipart.Grains.Access;

/// <summary>
/// The configured root key (configuration section <c>Auth</c>, the same keys the HTTP gateway reads):
/// the bootstrap administrator's, which always resolves to account <see cref="AccountIds.Root"/> as an
/// administrator without the database, so that a service whose accounts are broken can still be repaired.
/// </summary>
public sealed class RootKeyOptions
{
    public const string Section = "Auth";

    public string? RootAccessKey { get; set; }

    public string? RootSecretKey { get; set; }

    /// <summary>The root key's answer when <paramref name="accessKeyId"/> is the configured root access key (compared in constant time); null otherwise.</summary>
    public ResolvedAccessKey? Resolve(string accessKeyId) =>
        RootAccessKey is { Length: > 0 } ak && RootSecretKey is { Length: > 0 } sk
        && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(ak), System.Text.Encoding.UTF8.GetBytes(accessKeyId))
            ? new ResolvedAccessKey(sk, new Principal(AccountIds.Root, ak, IsAdmin: true), AccountIds.Root, null)
            : null;
}
