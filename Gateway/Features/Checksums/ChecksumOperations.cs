using Orleans.Multipart.Storage;

namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>
/// GetObjectAttributes: the attributes named (ETag, Checksum, ObjectParts, StorageClass, ObjectSize),
/// with the ObjectParts page after <paramref name="PartNumberMarker"/>, at most <paramref name="MaxParts"/>; <paramref name="CustomerKey"/>: the SSE-C key an SSE-C object needs.
/// </summary>
internal sealed record GetObjectAttributes(string Bucket, string Key, IReadOnlySet<string> Attributes, int MaxParts, int PartNumberMarker, CustomerKey? CustomerKey = null) : ObjectOperation(Bucket, Key), INamesVersion
{
    /// <summary>The version whose attributes are read (S3's <c>?versionId=</c>); null: the current object.</summary>
    public string? VersionId { get; init; }
}

/// <summary>An object's attributes, for <see cref="GetObjectAttributes"/>.</summary>
internal sealed record ObjectAttributesRead(GetObjectAttributes Operation, ObjectManifest Manifest) : OperationResult;

/// <summary>The catalogue rows of this feature's operations.</summary>
internal static partial class OperationCatalogue
{
    private static readonly OperationDescriptor[] Checksums =
    [
        OperationDescriptor.For<GetObjectAttributes>("s3:GetObjectAttributes", static (x, _, op) => x.GetObjectAttributesAsync(op)).WhenVersionNamed("s3:GetObjectVersionAttributes"),
    ];
}
