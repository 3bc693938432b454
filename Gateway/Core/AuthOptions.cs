namespace Orleans.Multipart.Gateway.Core;

/// <summary>Credentials (configuration section <c>Auth</c>; environment <c>Auth__RootAccessKey</c>, <c>Auth__RootSecretKey</c>).</summary>
public sealed class AuthOptions
{
    /// <summary>The root access key: the bootstrap administrator's (account <see cref="AccountIds.Root"/>). Default: none; Development sets a well-known pair in appsettings.Development.json.</summary>
    public string? RootAccessKey { get; set; }

    /// <summary>The root secret key. Default: none.</summary>
    public string? RootSecretKey { get; set; }

    /// <summary>
    /// How long a gateway keeps an access key's answer from the cluster (its secret and account, or that it
    /// is unknown or unusable) before asking again; keys in use are asked again in the background after half
    /// of it. A disabled, rotated or deleted key is refused on every gateway within this time of the change
    /// (plus one grain call). Default: 1 s; at most 1 minute.
    /// </summary>
    public TimeSpan KeyCacheTtl { get; set; } = TimeSpan.FromSeconds(1);
}
