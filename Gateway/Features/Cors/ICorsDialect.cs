namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>
/// A dialect whose vendor documents cross-origin resource sharing (s3, qingstor): its buckets keep CORS
/// rules, and <see cref="CorsPreflight"/> answers browsers' preflights and stamps CORS headers on its answers.
/// </summary>
internal interface ICorsDialect : IDialect;
