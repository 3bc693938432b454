namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>
/// CopyObject: the key becomes a copy of <see cref="CopySource"/>'s object (its conditions and metadata
/// directive included) without a byte copied; <paramref name="Conditions"/> are the destination's If-Match /
/// If-None-Match.
/// </summary>
public sealed record CopyObject(string Bucket, string Key, CopySource Source, WriteConditions Conditions) : ObjectOperation(Bucket, Key);

/// <summary>
/// UploadPartCopy: part <paramref name="PartNumber"/> (service numbering) of the upload holds bytes of
/// <see cref="CopySource"/>'s object, all of them or <paramref name="Range"/>. The source's settings
/// (<see cref="CopySource.ReplaceSettings"/>) play no part: a part has none.
/// </summary>
public sealed record UploadPartCopy(string Bucket, string Key, string UploadId, int PartNumber, CopySource Source, CopyRange? Range) : ObjectOperation(Bucket, Key);

/// <summary>Bytes <see cref="First"/>..<see cref="Last"/> (inclusive) of the source, as x-amz-copy-source-range names them.</summary>
public readonly record struct CopyRange(long First, long Last)
{
    public long Length => Last - First + 1;
}

/// <summary>The copy's manifest (ETag, LastModified of the new object).</summary>
public sealed record ObjectCopied(CopyObject Operation, ObjectManifest Manifest) : OperationResult;

/// <summary>
/// The part is registered: its ETag (MD5 of its bytes) and time. <paramref name="SharedBlob"/>: it names the
/// source's blob (no byte copied) rather than a new one. A part checksum, once parts carry one, follows here.
/// </summary>
public sealed record PartCopied(UploadPartCopy Operation, string ETag, DateTimeOffset LastModified, bool SharedBlob, ChecksumValue? Checksum = null, ObjectSettings? UploadSettings = null) : OperationResult;
