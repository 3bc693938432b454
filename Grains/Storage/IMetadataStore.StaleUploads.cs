using Orleans.Multipart.Grains.Admin;

namespace Orleans.Multipart.Grains.Storage;

/// <summary>Stale uploads made visible: the summary behind the open-upload gauges and their warning.</summary>
public partial interface IMetadataStore
{
    /// <summary>
    /// Every open upload summed up (buckets, uploads, bytes their parts hold, the oldest), with the
    /// <paramref name="top"/> buckets whose open uploads hold the most bytes and, beyond those, every bucket
    /// holding at least <paramref name="atLeastBytes"/>, largest first. <see cref="OpenUploadSummary.Computed"/> is left
    /// to the caller (default).
    /// </summary>
    Task<OpenUploadSummary> SummarizeOpenUploadsAsync(int top, long atLeastBytes, CancellationToken cancellationToken = default);
}
