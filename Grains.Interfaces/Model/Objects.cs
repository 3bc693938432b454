namespace Orleans.Multipart;

/// <summary>What a client may set on an object when it starts writing it.</summary>
public sealed record ObjectSettings
{
    public string? ContentType { get; init; }
    public string? CacheControl { get; init; }
    public string? ContentDisposition { get; init; }
    public string? ContentEncoding { get; init; }
    public string? ContentLanguage { get; init; }
    public string? Expires { get; init; }
    public string? StorageClass { get; init; }
    public bool Encrypted { get; init; }
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
}

/// <summary>Bytes already durable in the blob store, not yet referenced by any row.</summary>
public sealed record StoredBlob(string BlobId, long Size, string Md5Hex);

/// <summary>A part's bytes in the blob store and the number the client gave them.</summary>
public sealed record StoredPart(int PartNumber, string BlobId, long Size, string Md5Hex);

/// <summary>A stored part: its ETag is the lowercase hex MD5 of its bytes (unquoted).</summary>
public sealed record PartInfo(int PartNumber, long Size, string ETag, string BlobId, DateTimeOffset LastModified);

/// <summary>The object a key currently holds: metadata plus its parts in order. No bytes were copied to build it.</summary>
public sealed record ObjectManifest(
    string Bucket,
    string Key,
    string ETag,
    long Size,
    DateTimeOffset LastModified,
    ObjectSettings Settings,
    int PartsCount,
    IReadOnlyList<PartInfo> Parts);

/// <summary>Preconditions of a write (If-Match / If-None-Match: *).</summary>
public sealed record WriteConditions(string? IfMatch = null, bool IfNoneMatchAny = false)
{
    public static readonly WriteConditions None = new();

    /// <summary>Throws PreconditionFailed when <paramref name="currentETag"/> (null: no object) does not satisfy the conditions.</summary>
    public void Check(string? currentETag)
    {
        if (IfNoneMatchAny && currentETag is not null)
        {
            throw new MultipartException(MultipartError.PreconditionFailed, "At least one of the pre-conditions you specified did not hold");
        }

        if (IfMatch is not null && (currentETag is null || (IfMatch != "*" && Unquote(IfMatch) != currentETag)))
        {
            throw new MultipartException(MultipartError.PreconditionFailed, "At least one of the pre-conditions you specified did not hold");
        }
    }

    private static string Unquote(string etag) => etag.Trim().Trim('"');
}

public sealed record ObjectSummary(string Key, long Size, string ETag, DateTimeOffset LastModified, string? StorageClass);

public sealed record ObjectListingRequest(string Prefix = "", string? Delimiter = null, string? StartAfter = null, int MaxKeys = 1000);

public sealed record ObjectListing(IReadOnlyList<ObjectSummary> Objects, IReadOnlyList<string> CommonPrefixes, bool IsTruncated, string? NextMarker);
