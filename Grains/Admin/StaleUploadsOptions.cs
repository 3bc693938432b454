namespace Orleans.Multipart.Grains.Admin;

/// <summary>
/// The open-upload gauges, their dashboard page and the warning about a bucket's open-upload bytes
/// (configuration section <c>StaleUploads</c>).
/// </summary>
public sealed class StaleUploadsOptions
{
    public const string Section = "StaleUploads";

    /// <summary>
    /// How often the summary query runs (once per period for the whole cluster) and each silo refreshes its
    /// gauges. Default: 1 minute. From 1 second to 1 day.
    /// </summary>
    public TimeSpan RefreshPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How many buckets, those whose open uploads hold the most bytes, have their own gauges (a label per bucket:
    /// a bounded number of series however many buckets there are). Default: 20. From 1 to 1000.
    /// </summary>
    public int TopBuckets { get; set; } = 20;

    /// <summary>
    /// A warning is logged when the parts of a bucket's open uploads come to more than this many bytes.
    /// Default: 107374182400 (100 GiB); 0 turns the warning off.
    /// </summary>
    public long WarnAboveBytes { get; set; } = 100L * 1024 * 1024 * 1024;
}
