using Orleans.Multipart.Storage;

namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>PutObject; <paramref name="CustomerKey"/>: the SSE-C key the bytes are stored with (<paramref name="Settings"/> keep only its MD5).</summary>
public sealed record PutObject(string Bucket, string Key, RequestBody Body, ObjectSettings Settings, WriteConditions Conditions, CustomerKey? CustomerKey = null) : ObjectOperation(Bucket, Key);

/// <summary>
/// GetObject or HeadObject. <paramref name="PartNumber"/> (a part of a multipart object),
/// <paramref name="Range"/> (the Range header) and <paramref name="Preconditions"/> as the dialect
/// supports them (null: the whole object, unconditionally); <paramref name="ChecksumMode"/>: answer the
/// object's (or part's) checksum (S3's x-amz-checksum-mode: ENABLED); <paramref name="CustomerKey"/>: the SSE-C key sent to read it.
/// </summary>
public sealed record GetObject(string Bucket, string Key, bool HeadOnly, int? PartNumber = null, string? Range = null, ReadPreconditions? Preconditions = null, ResponseOverrides? Overrides = null, bool ChecksumMode = false, CustomerKey? CustomerKey = null)
    : ObjectOperation(Bucket, Key)
{
    public override string Name => HeadOnly ? "HeadObject" : "GetObject";
}

/// <summary>Response headers the request asks to be answered in place of the object's own (S3's response-* parameters).</summary>
public sealed record ResponseOverrides(string? ContentType, string? CacheControl, string? ContentDisposition, string? ContentEncoding, string? ContentLanguage, string? Expires);

/// <summary>The If-* headers of a read (RFC 9110 as S3 applies them).</summary>
public sealed record ReadPreconditions(string? IfMatch, string? IfNoneMatch, string? IfModifiedSince, string? IfUnmodifiedSince);

public sealed record DeleteObject(string Bucket, string Key) : ObjectOperation(Bucket, Key);

public sealed record InitiateUpload(string Bucket, string Key, ObjectSettings Settings) : ObjectOperation(Bucket, Key);

/// <summary>
/// UploadPart; <paramref name="PartNumber"/> in the service's numbering (1..<see cref="Core.PartLimits.MaxPartNumber"/>, checked by the
/// limits step); <paramref name="CustomerKey"/>: the SSE-C key sent, which must be the upload's.
/// </summary>
public sealed record UploadPart(string Bucket, string Key, string UploadId, int PartNumber, RequestBody Body, CustomerKey? CustomerKey = null) : ObjectOperation(Bucket, Key);

/// <summary>CompleteMultipartUpload with the parts in the service's numbering.</summary>
public sealed record CompleteUpload(string Bucket, string Key, string UploadId, IReadOnlyList<CompletePart> Parts, CompletionRules Rules, WriteConditions Conditions)
    : ObjectOperation(Bucket, Key);

public sealed record AbortUpload(string Bucket, string Key, string UploadId) : ObjectOperation(Bucket, Key);

/// <summary>ListParts after <paramref name="Marker"/>; <paramref name="AllPages"/>: the vendor lists every part in one document (JSS).</summary>
public sealed record ListParts(string Bucket, string Key, string UploadId, int Marker, int MaxParts, bool UrlEncoding = false, bool AllPages = false) : ObjectOperation(Bucket, Key);
