using Orleans.Multipart.Storage;

namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>
/// CopyObject: the key becomes a copy of <see cref="CopySource"/>'s object (its conditions and metadata
/// directive included), without a byte copied when the copy is encrypted as the source is, re-encrypted otherwise; <paramref name="Conditions"/> are the destination's If-Match /
/// If-None-Match. <paramref name="Encryption"/>: the source's SSE-C key and the encryption the copy asks for.
/// </summary>
internal sealed record CopyObject(string Bucket, string Key, CopySource Source, WriteConditions Conditions, CopyEncryption? Encryption = null) : ObjectOperation(Bucket, Key);

/// <summary>
/// The keys a copy carries, never stored: <paramref name="SourceKey"/> reads an SSE-C source
/// (x-amz-copy-source-server-side-encryption-customer-*); <paramref name="DestinationKey"/> (SSE-C) or
/// <paramref name="DestinationServiceKey"/> (SSE-S3) is how the copy is to be encrypted. Neither named: as the
/// destination bucket's default says, and never less than an SSE-S3 source.
/// </summary>
internal sealed record CopyEncryption(CustomerKey? SourceKey, bool DestinationServiceKey, CustomerKey? DestinationKey)
{
    public static readonly CopyEncryption None = new(null, false, null);

    public bool DestinationNamed => DestinationServiceKey || DestinationKey is not null;
}

/// <summary>
/// UploadPartCopy: part <paramref name="PartNumber"/> (service numbering) of the upload holds bytes of
/// <see cref="CopySource"/>'s object, all of them or <paramref name="Range"/>. The source's settings
/// (<see cref="CopySource.ReplaceSettings"/>) play no part: a part has none. <paramref name="SourceKey"/> reads an
/// SSE-C source; <paramref name="CustomerKey"/> is the SSE-C upload's key, which every part must send.
/// </summary>
internal sealed record UploadPartCopy(string Bucket, string Key, string UploadId, int PartNumber, CopySource Source, CopyRange? Range, CustomerKey? SourceKey = null, CustomerKey? CustomerKey = null) : ObjectOperation(Bucket, Key);

/// <summary>Bytes <see cref="First"/>..<see cref="Last"/> (inclusive) of the source, as x-amz-copy-source-range names them.</summary>
internal readonly record struct CopyRange(long First, long Last)
{
    public long Length => Last - First + 1;
}

/// <summary>The copy's manifest (ETag, LastModified of the new object).</summary>
internal sealed record ObjectCopied(CopyObject Operation, ObjectManifest Manifest) : OperationResult;

/// <summary>
/// The part is registered: its ETag (MD5 of its bytes) and time. <paramref name="SharedBlob"/>: it names the
/// source's blob (no byte copied) rather than a new one. A part checksum, once parts carry one, follows here.
/// </summary>
internal sealed record PartCopied(UploadPartCopy Operation, string ETag, DateTimeOffset LastModified, bool SharedBlob, ChecksumValue? Checksum = null, ObjectSettings? UploadSettings = null) : OperationResult;

/// <summary>The catalogue rows of this feature's operations.</summary>
internal static partial class OperationCatalogue
{
    private static readonly OperationDescriptor[] Copy =
    [
        // AWS authorizes a copy by s3:PutObject on the destination (and s3:GetObject on the source, checked with the source's read).
        OperationDescriptor.For<CopyObject>("s3:PutObject", static (x, context, op) => x.CopyObjectAsync(context, op)),
        OperationDescriptor.For<UploadPartCopy>("s3:PutObject", static (x, context, op) => x.UploadPartCopyAsync(context, op), static (op, limits) => OperationLimits.CheckPartNumber(op.PartNumber, limits)),
    ];
}
