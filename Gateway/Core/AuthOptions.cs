namespace Orleans.Multipart.Gateway.Core;

/// <summary>Credentials (configuration section <c>Auth</c>; environment <c>Auth__RootAccessKey</c>, <c>Auth__RootSecretKey</c>).</summary>
public sealed class AuthOptions
{
    /// <summary>The root access key: the bootstrap administrator's (account <see cref="AccountIds.Root"/>). Default: none; Development sets a well-known pair in appsettings.Development.json.</summary>
    public string? RootAccessKey { get; set; }

    /// <summary>The root secret key. Default: none.</summary>
    public string? RootSecretKey { get; set; }
}
