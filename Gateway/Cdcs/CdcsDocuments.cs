using System.Text.Json.Serialization;

namespace Orleans.Multipart.Gateway.Cdcs;

/// <summary>CDCS's JSON documents, as the seed documents them (PascalCase names).</summary>
public sealed record CdcsError(string Code, string Message, string Resource, string RequestId, string TraceId);

public sealed record CdcsInitiated(string Coffer, string Key, string UploadId);

public sealed record CdcsLocations(IReadOnlyList<string> Location);

public sealed record CdcsCompleted(CdcsLocations Locations, string Coffer, string Key, string ETag);

public sealed record CdcsOwner(string ID, string DisplayName);

public sealed record CdcsPart(int PartNumber, string LastModified, string ETag, long Size);

public sealed record CdcsPartList(string Coffer, string Key, string UploadId, CdcsOwner Initiator, CdcsOwner Owner, int PartNumberMarker, bool IsTruncated, int NextPartNumberMarker, int MaxParts, IReadOnlyList<CdcsPart> Part);

public sealed record CdcsUpload(string Key, string UploadId, CdcsOwner Initiator, CdcsOwner Owner, string Initiated);

public sealed record CdcsUploadList(string Coffer, string EncodingType, string UploadIdMarker, bool IsTruncated, string NextUploadIdMarker, string Prefix, int MaxUploads, IReadOnlyList<CdcsUpload> Upload);

[JsonSerializable(typeof(CdcsError))]
[JsonSerializable(typeof(CdcsInitiated))]
[JsonSerializable(typeof(CdcsCompleted))]
[JsonSerializable(typeof(CdcsPartList))]
[JsonSerializable(typeof(CdcsUploadList))]
public sealed partial class CdcsJson : JsonSerializerContext
{
    public static CdcsJson Wire { get; } = new(Orleans.Multipart.Gateway.Documents.JsonDocumentWriter.Options());
}
