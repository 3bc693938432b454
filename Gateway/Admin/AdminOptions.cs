namespace Orleans.Multipart.Gateway.Admin;

/// <summary>The admin API (configuration section <c>Admin</c>): JSON under <see cref="Path"/>, signed with an administrator's key.</summary>
public sealed class AdminOptions
{
    public const string Section = "Admin";

    /// <summary>Where the admin API is served: a path no bucket can take (bucket names never start with '-').</summary>
    public const string Path = "/-/admin";

    /// <summary>Whether the admin API is served at all. Default: true (it still refuses every request not signed by an administrator).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// When set, the admin API answers only on connections to this local port (add it to <c>urls</c>), so a public
    /// listener or Ingress in front of the HTTP port never reaches it; elsewhere it is 404. Default: every port.
    /// </summary>
    public int? Port { get; set; }
}
