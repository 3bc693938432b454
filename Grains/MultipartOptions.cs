namespace Orleans.Multipart.Grains;

/// <summary>Service-wide multipart settings (configuration section <c>Multipart</c>).</summary>
public sealed class MultipartOptions
{
    /// <summary>
    /// Open uploads older than this are aborted by the expiry sweep, the effect of an S3
    /// AbortIncompleteMultipartUpload lifecycle rule on every bucket. Default: 7 days, what AWS
    /// recommends; zero disables expiry.
    /// </summary>
    public TimeSpan AbortIncompleteUploadsAfter { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// How often the sweep runs (the period of its Orleans reminder, so at least
    /// <c>Orleans:Reminders:MinimumReminderPeriod</c>, one minute by default). Default: 1 hour; an
    /// upload is aborted at most this long after it expires.
    /// </summary>
    public TimeSpan ExpirySweepPeriod { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The length of a lifecycle rule's day (its Days, DaysAfterInitiation and NoncurrentDays). For tests only, as
    /// RGW's <c>rgw_lc_debug_interval</c>: a rule of 1 day then acts this long after an object's write, unrounded,
    /// instead of at the midnight UTC after a real day. Default and production value: one day. The
    /// x-amz-expiration and x-amz-abort-date headers always name the calendar date. Must be positive.
    /// </summary>
    public TimeSpan LifecycleDayLength { get; set; } = TimeSpan.FromDays(1);
}
