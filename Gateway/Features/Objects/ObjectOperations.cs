using System.Collections.Frozen;
using Orleans.Multipart.Storage;

namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>PutObject; <paramref name="CustomerKey"/>: the SSE-C key the bytes are stored with (<paramref name="Settings"/> keep only its MD5).</summary>
internal sealed record PutObject(string Bucket, string Key, RequestBody Body, ObjectSettings Settings, WriteConditions Conditions, CustomerKey? CustomerKey = null) : ObjectOperation(Bucket, Key);

/// <summary>
/// GetObject or HeadObject. <paramref name="PartNumber"/> (a part of a multipart object),
/// <paramref name="Range"/> (the Range header) and <paramref name="Preconditions"/> as the dialect
/// supports them (null: the whole object, unconditionally); <paramref name="ChecksumMode"/>: answer the
/// object's (or part's) checksum (S3's x-amz-checksum-mode: ENABLED); <paramref name="CustomerKey"/>: the SSE-C key sent to read it.
/// </summary>
internal sealed record GetObject(string Bucket, string Key, bool HeadOnly, int? PartNumber = null, string? Range = null, ReadPreconditions? Preconditions = null, ResponseOverrides? Overrides = null, bool ChecksumMode = false, CustomerKey? CustomerKey = null)
    : ObjectOperation(Bucket, Key), INamesVersion
{
    public override string Name => HeadOnly ? "HeadObject" : "GetObject";

    /// <summary>The version to read (S3's <c>?versionId=</c>); null: the current object.</summary>
    public string? VersionId { get; init; }
}

/// <summary>Response headers the request asks to be answered in place of the object's own (S3's response-* parameters).</summary>
internal sealed record ResponseOverrides(string? ContentType, string? CacheControl, string? ContentDisposition, string? ContentEncoding, string? ContentLanguage, string? Expires);

/// <summary>The If-* headers of a read (RFC 9110 as S3 applies them).</summary>
internal sealed record ReadPreconditions(string? IfMatch, string? IfNoneMatch, string? IfModifiedSince, string? IfUnmodifiedSince);

internal sealed record DeleteObject(string Bucket, string Key) : ObjectOperation(Bucket, Key), INamesVersion
{
    /// <summary>The version to delete for good (S3's <c>?versionId=</c>); null: the current object (a delete marker in a versioned bucket).</summary>
    public string? VersionId { get; init; }
}

/// <summary>DeleteObjects: each key deleted on its own; <paramref name="Quiet"/> lists only the failures.</summary>
internal sealed record DeleteObjects(string Bucket, IReadOnlyList<string> Keys, bool Quiet) : BucketOperation(Bucket)
{
    /// <summary>The keys access control refused the caller (set by the authorizer): each answered AccessDenied in the result, not deleted.</summary>
    public IReadOnlySet<string> Refused { get; init; } = FrozenSet<string>.Empty;
    /// <summary>The version each key names (S3's VersionId beside Key), in the order of <see cref="Keys"/>; null: none named.</summary>
    public IReadOnlyList<string?>? VersionIds { get; init; }
}

internal sealed record ObjectStored(PutObject Operation, ObjectManifest Manifest, BodyChecksum? Checksum) : OperationResult;

/// <summary>
/// An object to send: <see cref="Content"/> holds the bytes [start, start+length). <paramref name="Partial"/>:
/// a range or part (206); <paramref name="PartsCount"/>: set when a part was asked for.
/// </summary>
internal sealed record ObjectRead(GetObject Operation, ObjectManifest Manifest, ObjectContent Content, bool Partial, int? PartsCount) : OperationResult;

/// <summary>The read's preconditions say the client's copy is current (304).</summary>
internal sealed record NotModified(GetObject Operation, ObjectManifest Manifest) : OperationResult;

/// <summary>DeleteObjects: the keys deleted and the ones that failed, in request order.</summary>
internal sealed record ObjectsDeleted(DeleteObjects Operation, IReadOnlyList<string> Deleted, IReadOnlyList<(string Key, DialectException Error)> Failed) : OperationResult
{
    /// <summary>What each delete of <see cref="Deleted"/> did, in its order (versioning: the version named, the marker made).</summary>
    public IReadOnlyList<DeletedVersion>? Versions { get; init; }
}

/// <summary>The catalogue rows of this feature's operations.</summary>
internal static partial class OperationCatalogue
{
    private static readonly OperationDescriptor[] Objects =
    [
        OperationDescriptor.For<PutObject>("s3:PutObject", static (x, context, op) => x.PutObjectAsync(context, op)),

        // HeadObject is a GetObject that answers no body: AWS authorizes both by s3:GetObject.
        OperationDescriptor.For<GetObject>("s3:GetObject", static (x, _, op) => x.GetObjectAsync(op)).WhenVersionNamed("s3:GetObjectVersion"),
        OperationDescriptor.For<DeleteObject>("s3:DeleteObject", static (x, _, op) => x.DeleteObjectAsync(op)).WhenVersionNamed("s3:DeleteObjectVersion"),

        // AWS authorizes DeleteObjects by s3:DeleteObject on each key.
        OperationDescriptor.For<DeleteObjects>("s3:DeleteObject", static (x, _, op) => x.DeleteObjectsAsync(op)),
    ];
}
