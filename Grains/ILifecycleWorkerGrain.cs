using Orleans.Concurrency;
using Orleans.Multipart.Grains;

// Beside IUploadExpiryGrain, in the contracts' namespace and internal like it: only the service's own sweep calls it.
namespace Orleans.Multipart;

/// <summary>
/// Runs one bucket's lifecycle rules (key: the bucket's name): aborts its open uploads and expires its objects as the
/// rules say, in batches read from indexes. Woken by the expiry sweep's reminder (<see cref="IUploadExpiryGrain"/>).
/// The grain is <see cref="LifecycleWorkerGrain"/>.
/// </summary>
[Alias("omp.lifecycle-worker")]
internal interface ILifecycleWorkerGrain : IGrainWithStringKey
{
    /// <summary>Starts a sweep of the bucket unless one is running, and returns at once (one-way: the caller does not wait for the sweep).</summary>
    [OneWay]
    [Alias("wake")]
    Task Wake();

    /// <summary>Runs a sweep of the bucket now (after the one running, if any) and returns what it did.</summary>
    [Alias("sweep")]
    Task<LifecycleSweepResult> Sweep();
}

/// <summary>What one sweep of a bucket did.</summary>
[GenerateSerializer, Immutable, Alias("omp.LifecycleSweepResult")]
internal sealed record LifecycleSweepResult([property: Id(0)] int UploadsAborted, [property: Id(1)] int ObjectsExpired);
