namespace Orleans.Multipart.Hosting;

/// <summary>
/// How a silo joins its cluster and a standalone gateway finds it (configuration section <c>Orleans</c>;
/// Orleans' own option classes are bound from its subsections).
/// </summary>
public sealed class OrleansHostingOptions
{
    public const string Section = "Orleans";

    /// <summary>Orleans ServiceId: the identity of the stored data (grain state, reminders). Never change it on a live deployment. Default: orleans-multipart.</summary>
    public string ServiceId { get; set; } = "orleans-multipart";

    /// <summary>Orleans ClusterId: silos with the same one form a cluster. Default: orleans-multipart.</summary>
    public string ClusterId { get; set; } = "orleans-multipart";

    /// <summary>Silo-to-silo port. Default: 11111.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port for external Orleans clients (a standalone gateway in SQLite mode connects to it). Default: 30000.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos reach this one at (PostgreSQL mode). Default: this host's first non-loopback address.</summary>
    public string? AdvertisedIPAddress { get; set; }
}
