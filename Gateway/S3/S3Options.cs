namespace Orleans.Multipart.Gateway.S3;

/// <summary>The s3 dialect (configuration section <c>Gateway:S3</c>).</summary>
internal sealed class S3Options : Pipeline.IDialectOptions
{
    /// <summary>
    /// Host suffixes of virtual-host addressing: a request to <c>bucket.s3.example.com</c> with suffix
    /// <c>s3.example.com</c> addresses <c>bucket</c>. Requests to any other host are path-style.
    /// Default: <c>s3.localhost</c> only.
    /// </summary>
    public List<string> VirtualHostSuffixes { get; set; } = ["s3.localhost"];

    /// <summary>The region GetBucketLocation reports and Complete's Location uses. Default: us-east-1.</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>Header a client may send on CreateBucket to choose the bucket rule (exclusive | concurrent). Default rule: concurrent.</summary>
    public const string BucketRuleHeader = "x-multipart-bucket-rule";

    public IEnumerable<string> Problems() => string.IsNullOrWhiteSpace(Region)
        ? ["Gateway:S3:Region must not be empty."]
        : Pipeline.IDialectOptions.SuffixProblems("Gateway:S3", VirtualHostSuffixes);
}
