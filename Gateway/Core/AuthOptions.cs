namespace Orleans.Multipart.Gateway.Core;

/// <summary>Credentials (configuration section <c>Auth</c>; environment <c>Auth__RootAccessKey</c>, <c>Auth__RootSecretKey</c>).</summary>
public sealed class AuthOptions
{
    /// <summary>The root access key. Default: none; Development sets a well-known pair in appsettings.Development.json.</summary>
    public string? RootAccessKey { get; set; }

    /// <summary>The root secret key. Default: none.</summary>
    public string? RootSecretKey { get; set; }
}

/// <summary>Looks up the secret of an access key.</summary>
internal interface ICredentialStore
{
    /// <summary>The secret key, or null for an unknown access key.</summary>
    string? FindSecret(string accessKey);
}

internal sealed class ConfiguredCredentialStore(Microsoft.Extensions.Options.IOptions<AuthOptions> options) : ICredentialStore
{
    public string? FindSecret(string accessKey) =>
        options.Value.RootAccessKey is { Length: > 0 } ak && options.Value.RootSecretKey is { Length: > 0 } sk
        && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(ak), System.Text.Encoding.UTF8.GetBytes(accessKey))
            ? sk
            : null;
}
