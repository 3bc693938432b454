namespace Orleans.Multipart.Silo.Hosting;

/// <summary>
/// Orleans' dashboard on the silo (configuration section <c>Dashboard</c>; Orleans' own <c>DashboardOptions</c>,
/// such as <c>HideTrace</c> and <c>CounterUpdateIntervalMs</c>, bind from the same section).
/// </summary>
public sealed class DashboardAccessOptions
{
    public const string Section = "Dashboard";

    /// <summary>
    /// HTTP Basic password. Default: none, and then the dashboard is off: no profiling filter on grain
    /// calls and nothing served at <see cref="Path"/>.
    /// </summary>
    public string? Password { get; set; }

    /// <summary>HTTP Basic user name. Default: admin.</summary>
    public string UserName { get; set; } = "admin";

    /// <summary>Where the dashboard is served. Default: <c>/-/dashboard</c>, a path no bucket can take (bucket names never start with '-').</summary>
    public string Path { get; set; } = "/-/dashboard";

    /// <summary>
    /// When set, the dashboard answers only on connections to this local port (add it to <c>urls</c>), so a
    /// public listener or Ingress in front of the HTTP port never reaches it; elsewhere it is 404. Default: every port.
    /// </summary>
    public int? Port { get; set; }

    public bool Enabled => !string.IsNullOrEmpty(Password);
}
