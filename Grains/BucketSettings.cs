namespace Orleans.Multipart.Grains;

/// <summary>A bucket's settings document, kept as grain state (state name <see cref="StateName"/>; one row per bucket).</summary>
[GenerateSerializer]
[Immutable]
[Alias("omp.BucketSettings")]
public sealed record BucketSettings
{
    /// <summary>Rows are keyed by state name, so every grain type has its own.</summary>
    public const string StateName = "bucket-settings";

    /// <summary>Unsigned requests may write (QingStor's public-write ACL).</summary>
    [Id(0)]
    public bool AnonymousWrite { get; init; }

    /// <summary>False until the first write: the settings still live in the bucket row of an earlier version.</summary>
    [Id(1)]
    public bool Migrated { get; init; }

    /// <summary>The bucket's cross-origin rules; null when none are set.</summary>
    [Id(2)]
    public CorsConfiguration? Cors { get; init; }

    /// <summary>What objects written without an encryption request get (S3's bucket default encryption); null: none.</summary>
    [Id(3)]
    public DefaultEncryption? DefaultEncryption { get; init; }

    /// <summary>The bucket's ACL; null: the owner's FULL_CONTROL alone (plus an AllUsers WRITE grant where <see cref="AnonymousWrite"/> is still set).</summary>
    [Id(4)]
    public AccessControlList? Acl { get; init; }

    /// <summary>The bucket's policy; null when none is set.</summary>
    [Id(5)]
    public BucketPolicy? Policy { get; init; }

    /// <summary>The bucket's tags (PutBucketTagging); null when none are set.</summary>
    [Id(7)]
    public TagSet? Tags { get; init; }
    /// <summary>The bucket's lifecycle rules (lifecycle); null when none are set.</summary>
    [Id(6)]
    public LifecycleConfiguration? Lifecycle { get; init; }
}
