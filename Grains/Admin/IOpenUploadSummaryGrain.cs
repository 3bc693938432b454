namespace Orleans.Multipart.Grains.Admin;

/// <summary>
/// The open-upload summary of the whole cluster, computed by one grain (key <see cref="DefaultKey"/>) at most once
/// per <see cref="StaleUploadsOptions.RefreshPeriod"/> however many silos ask, and the warning about buckets
/// over <see cref="StaleUploadsOptions.WarnAboveBytes"/>. Internal: only the silos' gauges and the dashboard
/// page read it (administrators read the same figures through the admin API's reports).
/// </summary>
[Alias("omp.open-upload-summary")]
internal interface IOpenUploadSummaryGrain : IGrainWithStringKey
{
    const string DefaultKey = "default";

    /// <summary>The latest summary: the one computed less than a refresh period ago, or a new one.</summary>
    [Alias("latest")]
    Task<OpenUploadSummary> Latest();
}
