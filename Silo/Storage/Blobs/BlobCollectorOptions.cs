namespace Orleans.Multipart.Silo.Storage.Blobs;

/// <summary>How garbage blobs are reclaimed (configuration section <c>Collector</c>).</summary>
public sealed class BlobCollectorOptions
{
    /// <summary>How often the garbage list is drained. Default: 1 minute.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// A blob stays on disk this long after it became garbage, so that a GET that fetched the manifest
    /// just before an overwrite can still open it. Default: 10 minutes.
    /// </summary>
    public TimeSpan GarbageGracePeriod { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the blob directory is swept for files no row names. Default: 1 hour.</summary>
    public TimeSpan OrphanSweepInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// A file no row names is deleted only when older than this: younger ones may belong to a part
    /// upload still between its fsync and its registration. Default: 6 hours (a 5 GiB part at 1 MB/s
    /// takes under 1.5 hours).
    /// </summary>
    public TimeSpan OrphanGracePeriod { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Garbage entries handled per database transaction. Default: 500.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>
    /// Batches each silo works on at once (each its own transaction and connection while its blobs are deleted), so
    /// that one batch's database round trips overlap another's blob deletions. Default: 4.
    /// </summary>
    public int ParallelBatches { get; set; } = 4;
}
