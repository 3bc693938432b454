using Orleans.Concurrency;

namespace Orleans.Multipart;

/// <summary>One bucket: its rule, its settings (grain state), its lifecycle, and the indexed listings of its uploads and objects.</summary>
[Alias("omp.bucket")]
public interface IBucketGrain : IGrainWithStringKey
{
    /// <summary>Creates the bucket; throws BucketAlreadyExists when it exists.</summary>
    [GrainAction("s3:CreateBucket", Resource = GrainActionResource.Service)]
    [Alias("create")]
    Task<BucketInfo> Create(BucketRule rule);

    [AlwaysInterleave]
    [GrainAction("s3:ListBucket")]
    [Alias("describe")]
    Task<BucketInfo?> Describe();

    /// <summary>Lets unsigned requests write to the bucket (or stops them). Throws NoSuchBucket.</summary>
    [GrainAction("s3:PutBucketAcl")]
    [Alias("set-anonymous-write")]
    Task SetAnonymousWrite(bool allowed);

    /// <summary>
    /// The bucket's owner, ACL and policy, answered from memory (one database read per activation), for
    /// authorizing requests; null when the bucket does not exist.
    /// </summary>
    [AlwaysInterleave]
    [GrainAction("s3:GetBucketAcl")]
    [Alias("get-access")]
    Task<BucketAccess?> GetAccess();

    /// <summary>Replaces the bucket's ACL (its owner stays the bucket's; an anonymous-write flag of an earlier version is replaced by it). Throws NoSuchBucket.</summary>
    [GrainAction("s3:PutBucketAcl")]
    [Alias("set-acl")]
    Task SetAcl(AccessControlList acl);

    /// <summary>
    /// Gives the bucket to another account (administrators only: the admin API's chown): the bucket row's owner,
    /// this activation's copy, and the owner of the bucket's ACL, when one is set. Throws NoSuchBucket, AccessDenied.
    /// </summary>
    [Alias("set-owner")]
    Task SetOwner(string owner);

    /// <summary>Sets the bucket's policy; null removes it. Throws NoSuchBucket.</summary>
    [GrainAction("s3:PutBucketPolicy")]
    [Alias("set-policy")]
    Task SetPolicy(BucketPolicy? policy);

    /// <summary>The bucket's default encryption, or null when none is set. Throws NoSuchBucket.</summary>
    [AlwaysInterleave]
    [GrainAction("s3:GetEncryptionConfiguration")]
    [Alias("get-default-encryption")]
    Task<DefaultEncryption?> GetDefaultEncryption();

    /// <summary>
    /// The default encryption a write into the bucket gets, from memory (no database read: the write's own
    /// transaction checks that the bucket exists). Null when none is set or the bucket does not exist.
    /// </summary>
    [AlwaysInterleave]
    [GrainAction("s3:PutObject")]
    [Alias("default-encryption-for-writes")]
    Task<DefaultEncryption?> DefaultEncryptionForWrites();

    /// <summary>Sets the bucket's default encryption; null removes it. Throws NoSuchBucket.</summary>
    [GrainAction("s3:PutEncryptionConfiguration")]
    [Alias("set-default-encryption")]
    Task SetDefaultEncryption(DefaultEncryption? encryption);

    /// <summary>Deletes the bucket, aborting its open uploads. Throws NoSuchBucket or BucketNotEmpty (objects remain).</summary>
    [GrainAction("s3:DeleteBucket")]
    [Alias("delete")]
    Task Delete();

    [AlwaysInterleave]
    [GrainAction("s3:ListBucketMultipartUploads")]
    [Alias("list-uploads")]
    Task<UploadListing> ListUploads(UploadListingRequest request);

    [AlwaysInterleave]
    [GrainAction("s3:ListBucket")]
    [Alias("list-objects")]
    Task<ObjectListing> ListObjects(ObjectListingRequest request);

    /// <summary>Replaces the bucket's cross-origin rules. Throws NoSuchBucket, or InvalidArgument for a configuration <see cref="CorsConfiguration.Problem"/> refuses.</summary>
    [GrainAction("s3:PutBucketCORS")]
    [Alias("set-cors")]
    Task SetCors(CorsConfiguration configuration);

    /// <summary>
    /// The bucket's cross-origin rules, or null when it has none (or does not exist): answered from the
    /// grain's state without a database read, since browsers ask on every preflight and every request with an Origin.
    /// </summary>
    [AlwaysInterleave]
    [GrainAction("s3:GetBucketCORS")]
    [Alias("get-cors")]
    Task<CorsConfiguration?> GetCors();

    /// <summary>Removes the bucket's cross-origin rules (nothing to remove is no error). Throws NoSuchBucket.</summary>
    [GrainAction("s3:PutBucketCORS")]
    [Alias("delete-cors")]
    Task DeleteCors();

    // Tagging (issue 23).

    /// <summary>The bucket's tags, or null when it has none. Throws NoSuchBucket.</summary>
    [GrainAction("s3:GetBucketTagging")]
    [Alias("get-tags")]
    Task<TagSet?> GetTags();

    /// <summary>Replaces the bucket's tags (already checked: <see cref="TagSet.ToWrite"/>); null or an empty set removes them (none to remove is no error). Throws NoSuchBucket.</summary>
    [GrainAction("s3:PutBucketTagging")]
    [Alias("set-tags")]
    Task SetTags(TagSet? tags);
    // Versioning (issue 23).

    /// <summary>Sets the bucket's versioning (Enabled or Suspended). Throws NoSuchBucket, InvalidBucketState for an exclusive (write-once) bucket.</summary>
    [GrainAction("s3:PutBucketVersioning")]
    [Alias("set-versioning")]
    Task SetVersioning(BucketVersioning state);

    /// <summary>Versions and delete markers, by key then newest first, a page at a time (S3's ListObjectVersions).</summary>
    [GrainAction("s3:ListBucketVersions")]
    [Alias("list-object-versions")]
    Task<ObjectVersionListing> ListObjectVersions(ObjectVersionListingRequest request);
    // Lifecycle (issue 23): the bucket's rules, kept in its settings; the sweep finds the buckets that have
    // rules through an indexed table (lifecycle_buckets) and asks each bucket for its rules.

    /// <summary>Replaces the bucket's lifecycle rules. Throws NoSuchBucket, or the error <see cref="LifecycleConfiguration.Problem"/> names.</summary>
    [GrainAction("s3:PutLifecycleConfiguration")]
    [Alias("set-lifecycle")]
    Task SetLifecycle(LifecycleConfiguration configuration);

    /// <summary>
    /// The bucket's lifecycle rules, or null when it has none (or does not exist): answered from the grain's state
    /// without a database read, since the s3 dialect's object responses name the rule that expires them.
    /// </summary>
    [AlwaysInterleave]
    [GrainAction("s3:GetLifecycleConfiguration")]
    [Alias("get-lifecycle")]
    Task<LifecycleConfiguration?> GetLifecycle();

    /// <summary>Removes the bucket's lifecycle rules (nothing to remove is no error): its open uploads fall back to the service-wide expiry. Throws NoSuchBucket.</summary>
    [GrainAction("s3:PutLifecycleConfiguration")]
    [Alias("delete-lifecycle")]
    Task DeleteLifecycle();

    /// <summary>
    /// The rules a lifecycle sweep of this bucket applies, or null when it has none, in which case the bucket leaves the
    /// sweep's table (in this grain's turn, so never across a concurrent SetLifecycle of this activation).
    /// </summary>
    [GrainAction("s3:GetLifecycleConfiguration")]
    [Alias("lifecycle-for-sweep")]
    Task<LifecycleConfiguration?> LifecycleForSweep();
}

/// <summary>The service-wide list of buckets (a single grain, key <see cref="DefaultKey"/>).</summary>
[Alias("omp.catalog")]
public interface IBucketCatalogGrain : IGrainWithStringKey
{
    const string DefaultKey = "default";

    /// <summary>The calling account's buckets (<see cref="CallerContext"/>); every bucket for an administrator or a call naming no principal; none for the anonymous principal.</summary>
    [AlwaysInterleave]
    [Alias("list-buckets")]
    Task<IReadOnlyList<BucketInfo>> ListBuckets();
}
