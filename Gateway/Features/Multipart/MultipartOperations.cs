using Orleans.Multipart.Storage;

namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>
/// ListMultipartUploads. <paramref name="EncodingType"/> as sent; <paramref name="AllPagesUpTo"/>: the
/// vendor answers every matching upload in one document (JSS), refusing with TooManyMultipartUploads past that many.
/// </summary>
internal sealed record ListUploads(string Bucket, UploadListingRequest Request, string? EncodingType = null, int? AllPagesUpTo = null) : BucketOperation(Bucket)
{
    public bool UrlEncoding => EncodingType == "url";
}

internal sealed record InitiateUpload(string Bucket, string Key, ObjectSettings Settings) : ObjectOperation(Bucket, Key);

/// <summary>
/// UploadPart; <paramref name="PartNumber"/> in the service's numbering (1..<see cref="Core.PartLimits.MaxPartNumber"/>, checked by the
/// limits step); <paramref name="CustomerKey"/>: the SSE-C key sent, which must be the upload's.
/// </summary>
internal sealed record UploadPart(string Bucket, string Key, string UploadId, int PartNumber, RequestBody Body, CustomerKey? CustomerKey = null) : ObjectOperation(Bucket, Key);

/// <summary>CompleteMultipartUpload with the parts in the service's numbering.</summary>
internal sealed record CompleteUpload(string Bucket, string Key, string UploadId, IReadOnlyList<CompletePart> Parts, CompletionRules Rules, WriteConditions Conditions)
    : ObjectOperation(Bucket, Key);

internal sealed record AbortUpload(string Bucket, string Key, string UploadId) : ObjectOperation(Bucket, Key);

/// <summary>ListParts after <paramref name="Marker"/>; <paramref name="AllPages"/>: the vendor lists every part in one document (JSS).</summary>
internal sealed record ListParts(string Bucket, string Key, string UploadId, int Marker, int MaxParts, bool UrlEncoding = false, bool AllPages = false) : ObjectOperation(Bucket, Key);

internal sealed record UploadsListed(ListUploads Operation, UploadListing Listing) : OperationResult;

internal sealed record UploadInitiated(InitiateUpload Operation, UploadInfo Upload) : OperationResult;

/// <summary>The part is stored and registered; <paramref name="Checksum"/> is the body checksum the client asked for (S3); <paramref name="UploadSettings"/> the upload's (how the part is encrypted).</summary>
internal sealed record PartStored(UploadPart Operation, StoredBlob Blob, BodyChecksum? Checksum, ObjectSettings? UploadSettings = null) : OperationResult;

internal sealed record UploadCompleted(CompleteUpload Operation, CompleteResult Result) : OperationResult;

internal sealed record PartsListed(ListParts Operation, UploadInfo Upload, PartPage Page) : OperationResult;

/// <summary>The catalogue rows of this feature's operations.</summary>
internal static partial class OperationCatalogue
{
    private static readonly OperationDescriptor[] Multipart =
    [
        OperationDescriptor.For<ListUploads>("s3:ListBucketMultipartUploads", static async (x, _, op) => new UploadsListed(op, await x.ListUploadsAsync(op))),

        // AWS authorizes the upload's creation, parts and completion by s3:PutObject.
        OperationDescriptor.For<InitiateUpload>("s3:PutObject", static (x, _, op) => x.InitiateAsync(op)),
        OperationDescriptor.For<UploadPart>("s3:PutObject", static (x, context, op) => x.UploadPartAsync(context, op), static (op, limits) => OperationLimits.CheckPartNumber(op.PartNumber, limits)),
        OperationDescriptor.For<CompleteUpload>("s3:PutObject", static (x, _, op) => x.CompleteAsync(op)),
        OperationDescriptor.For<AbortUpload>("s3:AbortMultipartUpload", static (x, _, op) => OperationExecutor.DoneAsync(op, x.Frontend.Upload(op.UploadId).Abort(op.Bucket, op.Key))),
        OperationDescriptor.For<ListParts>("s3:ListMultipartUploadParts", static (x, _, op) => x.ListPartsAsync(op)),
    ];
}
