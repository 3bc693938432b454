namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>
/// A request as its dialect parsed it: what to do, in the service's terms (service part numbers from 1,
/// decoded keys), with nothing left to read from the wire but the body. The executor runs every kind
/// the same way for every dialect; the dialect's renderer turns the result into its documents.
/// </summary>
internal abstract record Operation
{
    /// <summary>The name in the request log line.</summary>
    public virtual string Name => GetType().Name;
}

/// <summary>An operation on one bucket.</summary>
internal abstract record BucketOperation(string Bucket) : Operation;

/// <summary>An operation on one key of a bucket.</summary>
internal abstract record ObjectOperation(string Bucket, string Key) : BucketOperation(Bucket);
