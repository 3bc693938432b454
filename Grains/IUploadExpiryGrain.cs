using Orleans.Multipart.Grains;

// The namespace of the grain contracts, where this interface was public before: the silo's start-up code
// names it unqualified. Internal now (the silo and the tests see it through InternalsVisibleTo): only the
// service starts or runs the sweep, so the contracts other services compile against do not offer it. Its
// aliases are unchanged, so silos of the previous version still call it across a rolling upgrade.
namespace Orleans.Multipart;

/// <summary>
/// Aborts open uploads older than <c>Multipart:AbortIncompleteUploadsAfter</c>: one grain (key
/// <see cref="DefaultKey"/>) woken by one durable reminder, sweeping an indexed query, so an
/// initiate costs no reminder row.
/// The grain is <see cref="UploadExpiryGrain"/>.
/// </summary>
[Alias("omp.upload-expiry")]
internal interface IUploadExpiryGrain : IGrainWithStringKey
{
    const string DefaultKey = "default";

    /// <summary>Registers the sweep's reminder (idempotent); the silo calls it at start-up.</summary>
    [Alias("start")]
    Task Start();

    /// <summary>Runs one sweep now; returns how many uploads it aborted.</summary>
    [Alias("sweep")]
    Task<int> Sweep();
}
