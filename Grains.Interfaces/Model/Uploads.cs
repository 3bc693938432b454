namespace Orleans.Multipart;

[GenerateSerializer, Immutable, Alias("omp.UploadInfo")]
public sealed record UploadInfo(string UploadId, string Bucket, string Key, DateTimeOffset Initiated, ObjectSettings Settings, UploadState State);

/// <summary>A part the client lists in Complete; ETag null means "any" (QingStor makes it optional); <paramref name="Checksum"/>, when listed, must equal the part's.</summary>
[GenerateSerializer, Immutable, Alias("omp.CompletePart")]
public sealed record CompletePart(int PartNumber, string? ETag, ChecksumValue? Checksum = null);

/// <summary>The dialect-specific Complete rules (the grains apply them; the dialect chooses them).</summary>
/// <param name="ObjectETag">The ETag the object gets instead of the multipart ETag (QingStor lets the client name it on Complete).</param>
/// <param name="ExpectedChecksum">The object checksum the client says the listed parts make (S3's x-amz-checksum-* on Complete): BadDigest when they do not.</param>
/// <param name="RequirePartChecksums">Every listed part must name its checksum when the upload's type is composite (S3).</param>
/// <param name="ChecksumAlgorithm">The upload's declared checksum algorithm and type: the upload grain fills them in from the upload, whatever the dialect sent.</param>
[GenerateSerializer, Immutable, Alias("omp.CompletionRules")]
public sealed record CompletionRules(long MinPartSize, bool RequireConsecutive = false, string? ObjectETag = null, ChecksumValue? ExpectedChecksum = null, bool RequirePartChecksums = false, FlexibleChecksumAlgorithm? ChecksumAlgorithm = null, ChecksumCombination? ChecksumType = null)
{
    /// <summary>The common rule (S3's): every part but the last at least 5 MiB, gaps in the numbering allowed.</summary>
    public static readonly CompletionRules Standard = new(5L * 1024 * 1024);
}

/// <param name="Encrypted">The object is encrypted at rest with the service's key (S3 answers x-amz-server-side-encryption on Complete).</param>
/// <param name="VersionId">The version Complete made in a versioned bucket (S3's x-amz-version-id); null in a bucket never versioned.</param>
[GenerateSerializer, Immutable, Alias("omp.CompleteResult")]
public sealed record CompleteResult(string Bucket, string Key, string ETag, long Size, int PartsCount, ObjectChecksum? Checksum = null, bool Encrypted = false, string? VersionId = null);

[GenerateSerializer, Immutable, Alias("omp.PartPage")]
public sealed record PartPage(IReadOnlyList<PartInfo> Parts, bool IsTruncated, int NextPartNumberMarker);

/// <param name="ChecksumAlgorithm">The flexible checksum the upload declared (its parts carry it), if any; <paramref name="ChecksumType"/> how they combine.</param>
/// <param name="Owner">The account that initiated it (<see cref="ObjectSettings.Owner"/>; null for an upload initiated before accounts, root's).</param>
[GenerateSerializer, Immutable, Alias("omp.UploadSummary")]
public sealed record UploadSummary(string Key, string UploadId, DateTimeOffset Initiated, string? StorageClass, bool Encrypted, FlexibleChecksumAlgorithm? ChecksumAlgorithm = null, ChecksumCombination? ChecksumType = null, string? Owner = null);

/// <param name="UploadIdMarkerAlone">The marker is an upload ID without a key marker (CDCS): list after that upload's (key, ID).</param>
[GenerateSerializer, Immutable, Alias("omp.UploadListingRequest")]
public sealed record UploadListingRequest(string Prefix = "", string? Delimiter = null, string? KeyMarker = null, string? UploadIdMarker = null, int MaxUploads = 1000, bool UploadIdMarkerAlone = false);

[GenerateSerializer, Immutable, Alias("omp.UploadListing")]
public sealed record UploadListing(
    IReadOnlyList<UploadSummary> Uploads,
    IReadOnlyList<string> CommonPrefixes,
    bool IsTruncated,
    string? NextKeyMarker,
    string? NextUploadIdMarker);

/// <summary>Where an upload is in its life; the numbers are stored (the uploads table's state column).</summary>
[GenerateSerializer, Alias("omp.UploadState")]
public enum UploadState
{
    Open = 0,
    Completed = 1,
    Aborted = 2,
}
