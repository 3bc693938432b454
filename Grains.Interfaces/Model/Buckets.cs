namespace Orleans.Multipart;

/// <summary>How a bucket treats Initiate on a key that already has an object or an open upload.</summary>
[GenerateSerializer, Alias("omp.BucketRule")]
public enum BucketRule
{
    /// <summary>S3: any number of open uploads per key; the last Complete wins.</summary>
    Concurrent = 0,

    /// <summary>CDCS: Initiate fails when the object exists or an upload is open, and no other write reaches the key until that upload ends.</summary>
    Exclusive = 1,
}

/// <param name="AnonymousWrite">Unsigned requests may write (QingStor's public-write bucket ACL, kept until the bucket's ACL replaces it). Default: false.</param>
/// <param name="Owner">The owning account (<see cref="AccountIds.Root"/> for buckets created before accounts).</param>
/// <param name="Versioning">Whether writes keep earlier versions (S3's bucket versioning); held in the bucket row, which every write reads.</param>
[GenerateSerializer, Immutable, Alias("omp.BucketInfo")]
public sealed record BucketInfo(string Name, BucketRule Rule, DateTimeOffset Created, bool AnonymousWrite = false, string Owner = AccountIds.Root, BucketVersioning Versioning = BucketVersioning.Unversioned);
