using System.Text.Json.Serialization;

namespace Orleans.Multipart.Gateway.Cdcs;

/// <summary>CDCS's JSON documents, as the seed documents them (PascalCase names).</summary>
internal sealed record CdcsError(string Code, string Message, string Resource, string RequestId, string TraceId);

internal sealed record CdcsInitiated(string Coffer, string Key, string UploadId);

internal sealed record CdcsLocations(IReadOnlyList<string> Location);

internal sealed record CdcsCompleted(CdcsLocations Locations, string Coffer, string Key, string ETag);

internal sealed record CdcsOwner(string ID, string DisplayName);

internal sealed record CdcsPart(int PartNumber, string LastModified, string ETag, long Size);

internal sealed record CdcsPartList(string Coffer, string Key, string UploadId, CdcsOwner Initiator, CdcsOwner Owner, int PartNumberMarker, bool IsTruncated, int NextPartNumberMarker, int MaxParts, IReadOnlyList<CdcsPart> Part);

internal sealed record CdcsUpload(string Key, string UploadId, CdcsOwner Initiator, CdcsOwner Owner, string Initiated);

internal sealed record CdcsUploadList(string Coffer, string EncodingType, string UploadIdMarker, bool IsTruncated, string NextUploadIdMarker, string Prefix, int MaxUploads, IReadOnlyList<CdcsUpload> Upload);

[JsonSerializable(typeof(CdcsError))]
[JsonSerializable(typeof(CdcsInitiated))]
[JsonSerializable(typeof(CdcsCompleted))]
[JsonSerializable(typeof(CdcsPartList))]
[JsonSerializable(typeof(CdcsUploadList))]
internal sealed partial class CdcsJson : JsonSerializerContext
{
    public static CdcsJson Wire { get; } = new(Orleans.Multipart.Gateway.Documents.JsonDocumentWriter.Options());
}
