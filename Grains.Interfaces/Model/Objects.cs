namespace Orleans.Multipart;

/// <summary>What a client may set on an object when it starts writing it.</summary>
[GenerateSerializer, Immutable, Alias("omp.ObjectSettings")]
public sealed record ObjectSettings
{
    [Id(0)] public string? ContentType { get; init; }
    [Id(1)] public string? CacheControl { get; init; }
    [Id(2)] public string? ContentDisposition { get; init; }
    [Id(3)] public string? ContentEncoding { get; init; }
    [Id(4)] public string? Expires { get; init; }
    [Id(5)] public string? StorageClass { get; init; }
    [Id(6)] public bool Encrypted { get; init; }
    [Id(7)] public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
    [Id(8)] public string? ContentLanguage { get; init; }

    /// <summary>The checksum algorithm a multipart upload declared (x-amz-checksum-algorithm); its parts carry it.</summary>
    [Id(9)] public FlexibleChecksumAlgorithm? ChecksumAlgorithm { get; init; }

    /// <summary>How the upload's part checksums combine into the object's (with <see cref="ChecksumAlgorithm"/>).</summary>
    [Id(10)] public ChecksumCombination? ChecksumType { get; init; }

    /// <summary>SSE-C: the algorithm the customer's key is for (AES256); null when the object is not customer-keyed.</summary>
    [Id(11)] public string? CustomerAlgorithm { get; init; }

    /// <summary>SSE-C: the base64 MD5 of the customer's key, to recognise it on reads and parts. The key itself is never stored.</summary>
    [Id(12)] public string? CustomerKeyMd5 { get; init; }

    /// <summary>The account that wrote the object or initiated the upload (its owner); null for what was written before accounts (root's).</summary>
    [Id(13)] public string? Owner { get; init; }

    /// <summary>The object's ACL; null: its owner's FULL_CONTROL alone.</summary>
    [Id(14)] public AccessControlList? Acl { get; init; }

    /// <summary>The object's tags (x-amz-tagging, PutObjectTagging); null: none.</summary>
    [Id(15)] public TagSet? Tags { get; init; }

    /// <summary>
    /// These settings with the blob encryption of <paramref name="blobOwner"/>: what a manifest copy must
    /// keep, since it shares the owner's blobs whatever settings it is given.
    /// </summary>
    public ObjectSettings WithEncryptionOf(ObjectSettings blobOwner) => this with
    {
        Encrypted = blobOwner.Encrypted,
        CustomerAlgorithm = blobOwner.CustomerAlgorithm,
        CustomerKeyMd5 = blobOwner.CustomerKeyMd5,
    };
}

/// <summary>Bytes already durable in the blob store, not yet referenced by any row; <paramref name="Checksum"/> the verified checksum the client sent (or asked for).</summary>
[GenerateSerializer, Immutable, Alias("omp.StoredBlob")]
public sealed record StoredBlob(string BlobId, long Size, string Md5Hex, ChecksumValue? Checksum = null);

/// <summary>A part's bytes in the blob store and the number the client gave them; <paramref name="Checksum"/> the part's verified flexible checksum, if any.</summary>
[GenerateSerializer, Immutable, Alias("omp.StoredPart")]
public sealed record StoredPart(int PartNumber, string BlobId, long Size, string Md5Hex, ChecksumValue? Checksum = null);

/// <summary>A stored part: its ETag is the lowercase hex MD5 of its bytes (unquoted); <paramref name="Checksum"/> its flexible checksum, if one was sent.</summary>
[GenerateSerializer, Immutable, Alias("omp.PartInfo")]
public sealed record PartInfo(int PartNumber, long Size, string ETag, string BlobId, DateTimeOffset LastModified, ChecksumValue? Checksum = null);

/// <summary>
/// The object a key currently holds (or one of its versions): metadata plus its parts in order. No bytes were copied to build it.
/// <c>VersionId</c>: null in a bucket that was never versioned (S3 answers no x-amz-version-id there), else the version's ID (<c>"null"</c> for the null version).
/// </summary>
[GenerateSerializer, Immutable, Alias("omp.ObjectManifest")]
public sealed record ObjectManifest(
    string Bucket,
    string Key,
    string ETag,
    long Size,
    DateTimeOffset LastModified,
    ObjectSettings Settings,
    int PartsCount,
    IReadOnlyList<PartInfo> Parts,
    ObjectChecksum? Checksum = null,
    string? VersionId = null);

/// <summary>
/// Preconditions of a write (If-Match / If-None-Match: *). <paramref name="HeldAtStart"/>: the gateway found them
/// holding when the request began (before its body was read), so a failure inside the write's transaction means a
/// concurrent write or delete committed in between: 409 ConditionalRequestConflict (retry), not 412.
/// </summary>
[GenerateSerializer, Immutable, Alias("omp.WriteConditions")]
public sealed record WriteConditions(string? IfMatch = null, bool IfNoneMatchAny = false, bool HeldAtStart = false)
{
    public static readonly WriteConditions None = new();

    public bool IsEmpty => IfMatch is null && !IfNoneMatchAny;

    /// <summary>
    /// Throws PreconditionFailed when <paramref name="currentETag"/> (null: no object) does not satisfy the conditions,
    /// NoSuchKey for If-Match on no object, ConditionalRequestConflict instead of either when they held at the start.
    /// Runs inside the write's transaction, under the key's guard row (and in the gateway, before the body, to refuse early).
    /// </summary>
    public void Check(string? currentETag)
    {
        if (Failure(currentETag) is not { } failure)
        {
            return;
        }

        throw HeldAtStart
            ? new MultipartException(MultipartError.ConditionalRequestConflict, "A conflicting operation occurred during the write: the key changed after the request began. Retry; for a multipart upload, read the object again and complete with the new condition.")
            : failure;
    }

    private MultipartException? Failure(string? currentETag)
    {
        if (IfNoneMatchAny && currentETag is not null)
        {
            return new MultipartException(MultipartError.PreconditionFailed, "At least one of the pre-conditions you specified did not hold");
        }

        // AWS: If-Match on a key with no object is 404 NoSuchKey, not 412 (there is nothing to match).
        if (IfMatch is not null && currentETag is null)
        {
            return new MultipartException(MultipartError.NoSuchKey, "The specified key does not exist.");
        }

        if (IfMatch is not null && IfMatch != "*" && Unquote(IfMatch) != currentETag)
        {
            return new MultipartException(MultipartError.PreconditionFailed, "At least one of the pre-conditions you specified did not hold");
        }

        return null;
    }

    private static string Unquote(string etag) => etag.Trim().Trim('"');
}

/// <summary>
/// One object of a listing; <paramref name="ContentType"/> and <paramref name="Encrypted"/> for the listings that show them (QingStor's mime_type, encrypted);
/// <paramref name="Owner"/>: the account that wrote it (<see cref="ObjectSettings.Owner"/>; null for an object written before accounts, root's).
/// </summary>
[GenerateSerializer, Immutable, Alias("omp.ObjectSummary")]
public sealed record ObjectSummary(string Key, long Size, string ETag, DateTimeOffset LastModified, string? StorageClass, string? ContentType = null, bool Encrypted = false, string? Owner = null);

[GenerateSerializer, Immutable, Alias("omp.ObjectListingRequest")]
public sealed record ObjectListingRequest(string Prefix = "", string? Delimiter = null, string? StartAfter = null, int MaxKeys = 1000);

[GenerateSerializer, Immutable, Alias("omp.ObjectListing")]
public sealed record ObjectListing(IReadOnlyList<ObjectSummary> Objects, IReadOnlyList<string> CommonPrefixes, bool IsTruncated, string? NextMarker);
