using Orleans.Configuration;

namespace Orleans.Multipart.Silo.Hosting;

/// <summary>
/// The service's defaults for Orleans' failure detection, applied before <c>Orleans:Membership</c> and
/// <c>Orleans:Messaging</c> are bound (so every value stays configurable). Chosen for an HTTP service
/// whose clients retry: a dead or hung silo should cost seconds of errors, not a minute of hangs
/// (the README's "Failure detection" section has the measurements behind each value).
/// </summary>
public static class FailureDetectionDefaults
{
    /// <summary>Initial probe timeout (Orleans adapts it between ½× and 4×). Orleans: 5 s.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Missed probes before a silo votes. Orleans: 3.</summary>
    public const int NumMissedProbesLimit = 2;

    /// <summary>Off: with it on, any recent traffic on the connection suppresses votes, so a hung silo took 62 s to be declared dead.</summary>
    public const bool EnableConnectionLivenessCheck = false;

    /// <summary>How often each silo re-reads the membership table. Orleans: 60 s.</summary>
    public static readonly TimeSpan TableRefreshTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How often each silo writes its IAmAlive time. Orleans: 5 min.</summary>
    public static readonly TimeSpan IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How long a grain call may take before the caller gets a timeout (an unknown outcome). Orleans: 30 s.</summary>
    public static readonly TimeSpan ResponseTimeout = TimeSpan.FromSeconds(10);

    public static void Apply(ClusterMembershipOptions options)
    {
        options.ProbeTimeout = ProbeTimeout;
        options.NumMissedProbesLimit = NumMissedProbesLimit;
        options.EnableConnectionLivenessCheck = EnableConnectionLivenessCheck;
        options.TableRefreshTimeout = TableRefreshTimeout;
        options.IAmAliveTablePublishTimeout = IAmAliveTablePublishTimeout;
    }

    public static void Apply(MessagingOptions options) => options.ResponseTimeout = ResponseTimeout;
}
