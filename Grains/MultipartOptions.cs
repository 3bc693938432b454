namespace Orleans.Multipart.Grains;

/// <summary>Service-wide multipart settings (configuration section <c>Multipart</c>).</summary>
public sealed class MultipartOptions
{
    /// <summary>
    /// Open uploads older than this are aborted by a durable reminder, the effect of an S3
    /// AbortIncompleteMultipartUpload lifecycle rule on every bucket. Default: 7 days, what AWS
    /// recommends; zero disables expiry.
    /// </summary>
    public TimeSpan AbortIncompleteUploadsAfter { get; set; } = TimeSpan.FromDays(7);
}
