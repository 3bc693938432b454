using Orleans.Concurrency;

namespace Orleans.Multipart;

/// <summary>
/// One access key (grain key: the access key id), cached in memory so that verifying a signature costs no
/// database round trip. The account administration grain tells it when the key or its account changes;
/// gateways keep what it answers for at most about a second (issue 22: a disabled key is refused
/// everywhere within 2 s).
/// </summary>
[Alias("omp.access-key")]
public interface IAccessKeyGrain : IGrainWithStringKey
{
    /// <summary>The secret and principal of a usable key; null for an unknown, disabled, expired or deleted key, or one whose account is disabled.</summary>
    [AlwaysInterleave]
    [Alias("resolve")]
    Task<ResolvedAccessKey?> Resolve();

    /// <summary>Drops what the grain holds and reads the key again (called after every change to the key or its account).</summary>
    [Alias("refresh")]
    Task Refresh();
}
