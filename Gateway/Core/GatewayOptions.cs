namespace Orleans.Multipart.Gateway.Core;

/// <summary>The HTTP front (configuration section <c>Gateway</c>).</summary>
public sealed class GatewayOptions
{
    /// <summary>Dialect that answers requests no binding claims. Default: <c>s3</c>.</summary>
    public string DefaultDialect { get; set; } = "s3";

    /// <summary>
    /// Which dialect speaks where: each binding names a dialect and a local port and/or a host suffix.
    /// Default: none, so every request goes to <see cref="DefaultDialect"/>.
    /// </summary>
    public List<DialectBinding> Dialects { get; set; } = [];

    /// <summary>Largest part body. Default: 5 GiB, S3's limit.</summary>
    public long MaxPartSize { get; set; } = 5L * 1024 * 1024 * 1024;

    /// <summary>Largest single PUT body. Default: 5 GiB, S3's limit.</summary>
    public long MaxObjectSize { get; set; } = 5L * 1024 * 1024 * 1024;

    /// <summary>
    /// Smallest part but the last that Complete accepts. Default: 5 MiB, S3's rule; dialects with their
    /// own vendor rule (CDCS 1 MB, QingStor 4 MB) keep theirs. The benchmark lowers it.
    /// </summary>
    public long MinPartSize { get; set; } = 5L * 1024 * 1024;

    /// <summary>Largest Complete / DeleteObjects XML or JSON body. Default: 4 MiB (10,000 parts with checksums fit).</summary>
    public int MaxRequestDocumentBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// Deepest element nesting an XML request document (s3, wos) may have; deeper is MalformedXML, found
    /// while reading. Default: 16 (S3's documents nest 3 levels; JSON documents have the same fixed cap).
    /// </summary>
    public int MaxRequestDocumentDepth { get; set; } = Documents.RequestDocumentLimits.Default.MaxDepth;

    /// <summary>Most elements an XML request document may have; more is MalformedXML. Default: 100,000 (a 10,000-part Complete with every checksum has 80,001).</summary>
    public int MaxRequestDocumentElements { get; set; } = Documents.RequestDocumentLimits.Default.MaxElements;

    /// <summary>
    /// A body read that waits longer than this for the client's next bytes fails the request
    /// (S3: 400 RequestTimeout) and discards what was written. Default: 60 seconds.
    /// </summary>
    public TimeSpan BodyIdleTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How far a request's signed time may be from the server's. Default: 15 minutes, as S3.</summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>Routes requests to a dialect by the local port they arrived on and/or a suffix of their Host.</summary>
public sealed class DialectBinding
{
    public string Dialect { get; set; } = "s3";

    /// <summary>Local port; null matches any port.</summary>
    public int? Port { get; set; }

    /// <summary>Host suffix such as <c>.qingstor.local</c>; null matches any host.</summary>
    public string? HostSuffix { get; set; }
}
