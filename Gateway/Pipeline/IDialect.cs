namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>
/// One vendor's wire format, as the <see cref="GatewayPipeline"/> uses it: a dialect names itself,
/// stamps its response headers, says how hosts address buckets, authenticates, parses a request into
/// an <see cref="Operation"/>, renders an <see cref="OperationResult"/>, and writes its error
/// document (the status and code come from the <see cref="ErrorCatalogue"/>). It does no plumbing: the
/// pipeline routes, checks limits, executes and translates errors.
/// </summary>
internal interface IDialect
{
    /// <summary>The name used in configuration: s3, cdcs, wos, qingstor, jss.</summary>
    string Name { get; }

    /// <summary>Virtual-host suffixes: <c>bucket.&lt;suffix&gt;</c> names the bucket; other hosts are path-style.</summary>
    IReadOnlyList<string> VirtualHostSuffixes { get; }

    /// <summary>The vendor's limits the pipeline checks on every parsed operation.</summary>
    DialectLimits Limits { get; }

    /// <summary>Sets the headers every answer carries (the request id under the vendor's name, Server, ...).</summary>
    void StartResponse(HttpContext context, string requestId);

    /// <summary>Checks the signature; null for an unsigned request the dialect lets through to the bucket's anonymous-write check. Throws <see cref="DialectException"/>.</summary>
    Caller? Authenticate(HttpContext context, RequestTarget target);

    /// <summary>The request as an operation (reading a request document when there is one). Throws <see cref="DialectException"/>.</summary>
    ValueTask<Operation> ParseAsync(HttpContext context, RequestTarget target, Caller caller);

    /// <summary>Writes the operation's result: status, headers and document.</summary>
    Task RenderAsync(HttpContext context, Caller caller, OperationResult result);

    /// <summary>Writes the vendor's error document.</summary>
    Task WriteErrorAsync(HttpContext context, ErrorDocument error);

    /// <summary>Headers an error answer carries besides its document, HEAD's too (S3: x-amz-delete-marker on a missing key); none by default.</summary>
    void AddErrorHeaders(HttpResponse response, MultipartError error, Operation? operation)
    {
    }
}
