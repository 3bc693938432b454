namespace Orleans.Multipart.Gateway.Pipeline;

/// <summary>
/// GetObjectAttributes: the attributes named (ETag, Checksum, ObjectParts, StorageClass, ObjectSize),
/// with the ObjectParts page after <paramref name="PartNumberMarker"/>, at most <paramref name="MaxParts"/>.
/// </summary>
public sealed record GetObjectAttributes(string Bucket, string Key, IReadOnlySet<string> Attributes, int MaxParts, int PartNumberMarker) : ObjectOperation(Bucket, Key);

/// <summary>An object's attributes, for <see cref="GetObjectAttributes"/>.</summary>
public sealed record ObjectAttributesRead(GetObjectAttributes Operation, ObjectManifest Manifest) : OperationResult;
