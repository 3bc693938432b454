using System.Text.Json.Serialization;

namespace Orleans.Multipart.Gateway.Jss;

/// <summary>JSS's JSON documents (PascalCase names but for the error's and Enable-Encryption).</summary>
internal sealed record JssError(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("resource")] string Resource,
    [property: JsonPropertyName("requestId")] string RequestId);

internal sealed record JssInitiated(string Bucket, string Key, string UploadId);

internal sealed record JssCompleted(string Bucket, string Key, string ETag);

internal sealed record JssPart(int PartNumber, string LastModified, string ETag, long Size);

internal sealed record JssPartList(string Bucket, string Key, string UploadId, IReadOnlyList<JssPart> Part, string StorageClass);

internal sealed record JssUpload(string Key, string UploadId, string Initiated, [property: JsonPropertyName("Enable-Encryption")] bool EnableEncryption, string? Summary, string StorageClass);

internal sealed record JssUploadList(string Bucket, string Prefix, IReadOnlyList<JssUpload> Upload);

[JsonSerializable(typeof(JssError))]
[JsonSerializable(typeof(JssInitiated))]
[JsonSerializable(typeof(JssCompleted))]
[JsonSerializable(typeof(JssPartList))]
[JsonSerializable(typeof(JssUploadList))]
internal sealed partial class JssJson : JsonSerializerContext
{
    public static JssJson Wire { get; } = new(Orleans.Multipart.Gateway.Documents.JsonDocumentWriter.Options());
}
