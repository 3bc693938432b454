using Orleans.Concurrency;

namespace Orleans.Multipart;

/// <summary>
/// One multipart upload, addressed by its upload ID. Every call names the bucket and key the caller
/// thinks the upload belongs to; an upload ID of another key answers NoSuchUpload.
/// </summary>
[Alias("omp.upload")]
public interface IUploadGrain : IGrainWithStringKey
{
    /// <summary>
    /// The upload, when it is open for this key (read from the database: another activation or the expiry
    /// sweep may have closed it). Interleaves with every other call: a part's first step must not queue
    /// behind the other parts' database round trips (issue 20).
    /// </summary>
    [AlwaysInterleave]
    [GrainAction("s3:ListMultipartUploadParts", Resource = GrainActionResource.Arguments)]
    [Alias("describe")]
    Task<UploadInfo> Describe(string bucket, string key);

    /// <summary>
    /// Registers a part whose bytes are stored and fsynced. Replaces an earlier part of the same number. Throws NoSuchUpload when the upload is closed.
    /// Interleaves with every other call, so that the parts of one upload register in parallel: the database
    /// orders a part against Complete and Abort (a shared lock on the upload row), not the activation's
    /// turns, which held one small part's whole round trip sequence each (issue 20: 4 KiB parts on PostgreSQL).
    /// </summary>
    [AlwaysInterleave]
    [GrainAction("s3:PutObject", Resource = GrainActionResource.Arguments)]
    [Alias("add-part")]
    Task AddPart(string bucket, string key, StoredPart part);

    /// <summary>
    /// Registers a part that names a blob of <paramref name="sourceBucket"/>/<paramref name="sourceKey"/>'s
    /// current object (UploadPartCopy without a byte copied). False when that object no longer names the
    /// blob (deleted or replaced since the caller read it); throws NoSuchUpload when the upload is closed.
    /// </summary>
    [Alias("add-copied-part")]
    Task<bool> AddCopiedPart(string bucket, string key, StoredPart part, string sourceBucket, string sourceKey);

    [GrainAction("s3:ListMultipartUploadParts", Resource = GrainActionResource.Arguments)]
    [Alias("list-parts")]
    Task<PartPage> ListParts(string bucket, string key, int partNumberMarker, int maxParts);

    /// <summary>Completes the upload. A retry after success answers the same result.</summary>
    [GrainAction("s3:PutObject", Resource = GrainActionResource.Arguments)]
    [Alias("complete")]
    Task<CompleteResult> Complete(string bucket, string key, IReadOnlyList<CompletePart> parts, CompletionRules rules, WriteConditions conditions);

    [GrainAction("s3:AbortMultipartUpload", Resource = GrainActionResource.Arguments)]
    [Alias("abort")]
    Task Abort(string bucket, string key);
}
