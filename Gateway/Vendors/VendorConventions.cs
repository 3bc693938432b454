namespace Orleans.Multipart.Gateway.Vendors;

/// <summary>
/// How one vendor's REST API spells the request shapes the four vendor dialects share (cdcs, wos,
/// qingstor, jss): the upload-id and part-number parameters, the query parameters that carry a
/// signature rather than name an operation, the sub-resources it names, and the rule new buckets get.
/// </summary>
internal sealed record VendorConventions
{
    public string UploadIdParameter { get; init; } = "uploadId";

    public string PartNumberParameter { get; init; } = "partNumber";

    public IReadOnlySet<string> SignatureParameters { get; init; } = new HashSet<string>();

    /// <summary>
    /// The sub-resources the vendor's API names (served or not): a request selecting one this dialect does
    /// not serve is 501 NotImplemented naming it, never taken for the plain operation of its method.
    /// </summary>
    public IReadOnlySet<string> SubResources { get; init; } = new HashSet<string>();

    /// <summary>The rule new buckets get (CDCS coffers: exclusive).</summary>
    public BucketRule NewBucketRule { get; init; } = BucketRule.Concurrent;
}
